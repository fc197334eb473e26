package dev.weft.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.weft.policy.PolicySet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Malformed specs and policy files made from the real ones by random damage (truncation, lost and
 * repeated lines, wrong types, stray YAML syntax, tabs): each is either valid or refused with
 * problems that name a file position and fit on one line. Never another exception, never slow.
 */
class SpecFuzzTest {
  private static final int CASES_PER_FILE = 150;
  /**
   * Far above the ~0.5 s the worst input (a 3 MB list) takes on an idle machine: the bound is there
   * to catch runaway parsing (an alias bomb expands exponentially), not to time the loader, and it
   * must hold on a loaded 2-core CI machine.
   */
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String[] WRONG_VALUES = {"[", "{", "]", "}", "[1, 2]", "{a: 1}", "123", "true", "null", "~", "\"unclosed",
      "'", "&anchor", "*alias", "!!binary AAAA", "- x", "@", "`", "%", "? complex", "| ", ">", "\\u0000", "0x1F", "1e999", "-"};
  private static final String STRAY = ":-[]{}#&*!|>'\"%@`,?\t";

  @Test
  void damagedSpecsAreValidOrRefusedWithPositionedProblems() throws Exception {
    List<String> failures = new ArrayList<>();
    int cases = 0;
    for (Path file : files(Path.of("../product-specs"), Path.of("src/test/resources/specs/it"))) {
      String original = Files.readString(file);
      Random random = new Random(file.getFileName().toString().hashCode());
      for (int i = 0; i < CASES_PER_FILE; i++) {
        String damaged = damage(original, random);
        cases++;
        check(file.getFileName() + "#" + i, damaged, () -> SpecLoader.load(file.getFileName().toString(), damaged), failures);
      }
    }
    assertThat(cases).isGreaterThanOrEqualTo(2_000);
    assertThat(failures).isEmpty();
  }

  @Test
  void damagedPolicyFilesAreValidOrRefusedWithPositionedProblems() throws Exception {
    String original = Files.readString(Path.of("../policies.yaml"));
    Random random = new Random(7);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      String damaged = damage(original, random);
      check("policies.yaml#" + i, damaged, () -> PolicySet.load("policies.yaml", damaged), failures);
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void deepNestingHugeStringsAndAliasBombsAreRefusedQuickly() {
    String head = "apiVersion: weft/v1\nkind: DataProduct\nmetadata:\n  description: ";
    List<String> inputs = List.of(
        head + "[".repeat(100_000),
        head + "{a: ".repeat(20_000),
        head + "\"" + "x".repeat(20_000_000) + "\"\n",
        head + "x\n" + "tags: [" + "a, ".repeat(1_000_000) + "b]\n",
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
            + "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n");
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      String text = inputs.get(i);
      check("hostile#" + i, text, () -> SpecLoader.load("hostile.yaml", text), failures);
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void aFileOverTheSizeLimitIsRefusedBeforeItIsParsed() {
    String huge = "# " + "x".repeat(YamlDocument.MAX_CODE_POINTS);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SpecLoader.load("huge.yaml", huge))
        .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems()).extracting(Object::toString).containsExactly(
            "huge.yaml:1:1: the file is 3145730 characters long, over the limit of 3145728; a spec or policy file is a few kilobytes"));
  }

  /** Loads within {@link #PATIENCE}; anything but success or positioned one-line problems is a failure. */
  private static void check(String name, String text, Loader loader, List<String> failures) {
    try {
      assertTimeoutPreemptively(PATIENCE, () -> {
        try {
          loader.load();
        } catch (InvalidSpecException refused) {
          for (SpecProblem problem : refused.problems()) {
            if (problem.position().line() < 1 || problem.position().column() < 1) {
              failures.add(name + ": no position: " + problem);
            } else if (problem.message().isBlank() || problem.message().contains("\n")) {
              failures.add(name + ": not one line: " + problem);
            }
          }
        }
        return null;
      });
    } catch (Throwable unexpected) {
      failures.add(name + ": " + unexpected + " for:\n" + (text.length() > 2_000 ? text.substring(0, 2_000) + "…" : text));
    }
  }

  @FunctionalInterface
  private interface Loader {
    void load() throws Exception;
  }

  static String damage(String text, Random random) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    int line = random.nextInt(lines.size());
    switch (random.nextInt(7)) {
      case 0 -> {
        return text.substring(0, random.nextInt(text.length() + 1));
      }
      case 1 -> lines.remove(line);
      case 2 -> lines.add(line, lines.get(line));
      case 3 -> {
        String at = lines.get(line);
        int colon = at.indexOf(": ");
        String value = WRONG_VALUES[random.nextInt(WRONG_VALUES.length)];
        lines.set(line, colon < 0 ? at + " " + value : at.substring(0, colon + 2) + value);
      }
      case 4 -> {
        int other = random.nextInt(lines.size());
        String swapped = lines.get(line);
        lines.set(line, lines.get(other));
        lines.set(other, swapped);
      }
      default -> {
        StringBuilder damaged = new StringBuilder(text);
        for (int n = 1 + random.nextInt(3); n > 0 && damaged.length() > 0; n--) {
          damaged.setCharAt(random.nextInt(damaged.length()), STRAY.charAt(random.nextInt(STRAY.length())));
        }
        return damaged.toString();
      }
    }
    return String.join("\n", lines);
  }

  private static List<Path> files(Path... folders) throws Exception {
    List<Path> files = new ArrayList<>();
    for (Path folder : folders) {
      try (Stream<Path> walk = Files.walk(folder)) {
        walk.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
      }
    }
    return files;
  }
}
