package dev.weft.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weft.spec.InvalidSpecException;
import dev.weft.spec.SpecProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every spec in specs/bad is refused before anything runs, with exactly the lines in its
 * .expected file ({@code file:line:column: message}), as {@code weft validate} prints them.
 */
class BadSpecsTest {
  private static final Path FOLDER = Path.of("src/test/resources/specs/bad");

  static Stream<String> badSpecs() throws IOException {
    try (Stream<Path> files = Files.list(FOLDER)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSpecs")
  void isRefusedWithItsExpectedProblems(String spec) throws IOException {
    Path expectedFile = FOLDER.resolve(spec.replace(".yaml", ".expected"));
    List<String> actual = check(spec);
    if (System.getProperty("weft.bless") != null) {
      Files.write(expectedFile, actual);
    }
    assertThat(expectedFile).as("expected problems of %s", spec).exists();
    assertThat(actual).containsExactlyElementsOf(Files.readAllLines(expectedFile));
  }

  /** The problems {@code weft validate} reports for one spec, its file named relative to the folder. */
  static List<String> check(String spec) {
    try {
      ProductSet.compile(List.of(FOLDER.resolve(spec)));
      return fail("%s was accepted", spec);
    } catch (InvalidSpecException e) {
      return e.problems().stream().map(SpecProblem::toString).map(line -> line.replace(FOLDER + "/", "")).toList();
    }
  }
}
