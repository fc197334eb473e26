package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.execute.WeftOptions;
import dev.weft.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The reference docs name every runtime option and every spec field the code knows. */
class DocsTest {

  @Test
  void cliDocsListEveryRuntimeOption() throws Exception {
    String cli = Files.readString(Path.of("../docs/cli.md"));
    WeftOptions.ALL.forEach(option -> assertThat(cli).as("docs/cli.md").contains("`" + option.key() + "`"));
  }

  @Test
  void specDocsDescribeEveryField() throws Exception {
    String spec = Files.readString(Path.of("../docs/spec.md"));
    SpecLoader.FIELDS.forEach((section, fields) -> fields.forEach(field ->
        assertThat(spec).as("docs/spec.md, field %s of %s", field, section).containsPattern("\\b" + field + ":")));
  }

  @Test
  void readmeStartsWithTheTwoCommandsCiRuns() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    assertThat(readme).contains("```sh\n./weft dev product-specs/ ").contains("\nmvn -B verify ");
    assertThat(Files.readString(Path.of("../.ci/run"))).contains("\nmvn -B verify\n");
  }
}
