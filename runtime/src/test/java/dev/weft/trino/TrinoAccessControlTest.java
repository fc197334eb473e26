package dev.weft.trino;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.access.TrinoRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files the embedded Trino's access control is made of (TrinoAccessITCase runs them). */
class TrinoAccessControlTest {
  @TempDir Path etc;

  @Test
  void trinoReadsTheRulesFileAgainEverySecond() {
    assertThat(new TrinoAccessControl(etc, "jane").properties()).containsExactly(
        Map.entry("access-control.name", "file"),
        Map.entry("security.config-file", etc.resolve("rules.json").toString()),
        Map.entry("security.refresh-period", "1000ms"));
  }

  @Test
  void rulesAreReplacedWholeWithTheUserRunningWeftFirst() throws Exception {
    TrinoAccessControl access = new TrinoAccessControl(etc, "jane");
    Files.writeString(etc.resolve("rules.json"), "{ \"tables\": [] }");
    access.write(List.of());
    assertThat(etc.resolve("rules.json")).content().isEqualTo(TrinoRules.of(List.of(), "iceberg", Optional.of("jane")) + "\n");
    try (var files = Files.list(etc)) {
      assertThat(files).containsExactly(etc.resolve("rules.json"));
    }
  }
}
