package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime's stages point only down, spec → plan → translate → execute → schedule → cli, as DESIGN.md's
 * layout says: read from the imports (and fully qualified names) of the main sources.
 */
class PackageDirectionTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/weft");
  private static final Pattern WEFT_PACKAGE = Pattern.compile("\\bdev\\.weft\\.(\\w+)\\.");
  /** What builds or runs a Flink job: streams, their environment, transformations, job graphs. */
  private static final Pattern FLINK_JOB_TYPES = Pattern.compile("\\borg\\.apache\\.flink\\.(streaming\\.api|api\\.dag|runtime\\.jobgraph)\\.");
  private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

  /** Each stage, and the stages above it, which it must not use. */
  private static final Map<String, Set<String>> ABOVE = Map.of(
      "spec", Set.of("policy", "plan", "translate", "execute", "schedule", "cli"),
      "plan", Set.of("translate", "execute", "schedule", "cli"),
      "translate", Set.of("execute", "schedule", "cli"),
      // the scheduler starts batch runs through the runner: a session is handed it (SessionSchedules)
      "execute", Set.of("schedule", "cli"));

  @Test
  void noStageUsesAStageAboveIt() throws IOException {
    List<String> upward = new ArrayList<>();
    for (var stage : ABOVE.entrySet()) {
      for (Path file : sources(stage.getKey())) {
        Matcher used = WEFT_PACKAGE.matcher(code(file));
        while (used.find()) {
          if (stage.getValue().contains(used.group(1))) {
            upward.add(SOURCES.relativize(file) + " uses dev.weft." + used.group(1));
          }
        }
      }
    }
    assertThat(upward).isEmpty();
  }

  /**
   * A plan is plain data. Planning runs Flink's SQL planner, which plans only over relations that
   * the Table API makes from streams: that one class builds empty ones, and never a job.
   */
  @Test
  void planningBuildsNoFlinkJob() throws IOException {
    List<String> jobTypes = new ArrayList<>();
    for (Path file : sources("plan")) {
      if (file.getFileName().toString().equals("SqlValidationEnvironment.java")) {
        continue;
      }
      Matcher used = FLINK_JOB_TYPES.matcher(code(file));
      while (used.find()) {
        jobTypes.add(SOURCES.relativize(file) + " uses org.apache.flink." + used.group(1));
      }
    }
    assertThat(jobTypes).isEmpty();
  }

  private static List<Path> sources(String stage) throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES.resolve(stage))) {
      List<Path> found = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
      assertThat(found).as("sources of %s", stage).isNotEmpty();
      return found;
    }
  }

  /** The file without its comments, which may name any class. */
  private static String code(Path file) throws IOException {
    return COMMENTS.matcher(Files.readString(file)).replaceAll("");
  }
}
