package dev.weft.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrinoJdkTest {
  @TempDir Path jvms;

  private Path jdk(String name, String version) throws Exception {
    Path home = Files.createDirectories(jvms.resolve(name));
    Files.createDirectories(home.resolve("bin"));
    Files.writeString(home.resolve("bin/java"), "");
    Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Someone\"\nJAVA_VERSION=\"" + version + "\"\n");
    return home;
  }

  @Test
  void picksTheNewestJdkNewEnoughForTrino() throws Exception {
    jdk("java-17-openjdk-amd64", "17.0.15");
    jdk("temurin-24-jdk-amd64", "24.0.2");
    Path newest = jdk("temurin-25-jdk-amd64", "25.0.3");
    Files.createSymbolicLink(jvms.resolve("java-1.25-alias"), newest);

    assertThat(TrinoJdk.java(Optional.empty(), jvms)).isEqualTo(newest.resolve("bin/java"));
  }

  @Test
  void noJdkNewEnoughSaysWhatItLookedForAndFound() throws Exception {
    jdk("java-17-openjdk-amd64", "17.0.15");
    jdk("java-8-openjdk-amd64", "1.8.0_402");
    Files.createDirectories(jvms.resolve("openjdk-17"));

    assertThatThrownBy(() -> TrinoJdk.java(Optional.empty(), jvms)).hasMessage("Trino needs a JDK 24 or newer; looked for one in "
        + jvms + " (a folder with bin/java and a release file saying JAVA_VERSION) and found java-17-openjdk-amd64 (Java 17), "
        + "java-8-openjdk-amd64 (Java 8), openjdk-17 (not a JDK). Install one (e.g. the temurin-25-jdk package) or give its "
        + "folder with --trino-java-home (weft.trino.java-home).");
    assertThatThrownBy(() -> TrinoJdk.java(Optional.empty(), jvms.resolve("missing"))).hasMessageContaining(" and found none. ");
  }

  @Test
  void aGivenJavaHomeMustBeAJdkNewEnough() throws Exception {
    Path old = jdk("java-17-openjdk-amd64", "17.0.15");
    Path given = jdk("my-jdk", "26");

    assertThat(TrinoJdk.java(Optional.of(given.toString()), jvms)).isEqualTo(given.resolve("bin/java"));
    assertThatThrownBy(() -> TrinoJdk.java(Optional.of(old.toString()), jvms))
        .hasMessage("weft.trino.java-home " + old + " is Java 17; Trino needs Java 24 or newer");
    assertThatThrownBy(() -> TrinoJdk.java(Optional.of(jvms.toString()), jvms))
        .hasMessage("weft.trino.java-home " + jvms + " is not a JDK: no bin/java and release file with JAVA_VERSION there");
  }
}
