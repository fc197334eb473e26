package dev.weft.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading README.md's blocks, and the fast half of the README smoke test: it knows every block, in order. */
class ReadmeBlockTest {

  @Test
  void theSmokeTestKnowsEveryReadmeBlock() throws Exception {
    ReadmeCoverage.check(ReadmeBlock.of(Files.readString(ReadmeSmokeITCase.README)), new ReadmeSmokeITCase().steps.keySet());
  }

  @Test
  void commandsAreTheLinesWithoutTheirComments() {
    List<ReadmeBlock> blocks = ReadmeBlock.of("""
        text
        ```sh
        ./weft dev product-specs/      # run it
        # a comment line

        ./weft query "SELECT '#1' FROM t" --user x  # a '#' in quotes stays
        ```
        ```yaml
        kind: DataProduct
        ```
        """);
    assertThat(blocks).extracting(ReadmeBlock::line, ReadmeBlock::language).containsExactly(
        org.assertj.core.groups.Tuple.tuple(2, "sh"), org.assertj.core.groups.Tuple.tuple(8, "yaml"));
    assertThat(blocks.get(0).commands()).containsExactly("./weft dev product-specs/", "./weft query \"SELECT '#1' FROM t\" --user x");
  }

  @Test
  void anUnknownBlockOrCommandFailsWithWhereItIs() {
    String readme = "```sh\n./weft dev product-specs/\n./weft status product-specs/\n```\n```yaml\nkind: DataProduct\n```\n```json\n{}\n```\n";
    assertThatThrownBy(() -> ReadmeCoverage.check(ReadmeBlock.of(readme), List.of("./weft dev product-specs/", "./weft plan x.yaml")))
        .hasMessageContaining("README.md:1: the smoke test does not know `./weft status product-specs/`")
        .hasMessageContaining("README.md:8: the smoke test does not know this ```json block")
        .hasMessageContaining("the smoke test knows `./weft plan x.yaml`, which no ```sh block of README.md has any more");
  }

  @Test
  void anUnclosedBlockIsRefused() {
    assertThatThrownBy(() -> ReadmeBlock.of("a\n```sh\n./weft dev\n")).hasMessage("the code block at line 2 is never closed");
  }
}
