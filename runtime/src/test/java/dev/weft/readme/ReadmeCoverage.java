package dev.weft.readme;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Whether the README smoke test knows every block of README.md: the shell commands, all of them and in
 * the README's order, and the one example spec. A new or changed block fails the build until the test
 * says how it runs and what it must print.
 */
final class ReadmeCoverage {
  private ReadmeCoverage() {}

  /** @throws AssertionError naming each block or command the test does not know, and each the README no longer has */
  static void check(List<ReadmeBlock> blocks, Collection<String> knownCommands) {
    List<String> problems = new ArrayList<>();
    List<String> commands = new ArrayList<>();
    int specs = 0;
    for (ReadmeBlock block : blocks) {
      if (block.isShell()) {
        for (String command : block.commands()) {
          commands.add(command);
          if (!knownCommands.contains(command)) {
            problems.add("README.md:" + block.line() + ": the smoke test does not know `" + command + "`");
          }
        }
      } else if (block.language().equals("yaml") && block.lines().contains("kind: DataProduct")) {
        specs++;
      } else {
        problems.add("README.md:" + block.line() + ": the smoke test does not know this ```" + block.language() + " block");
      }
    }
    if (specs != 1) {
      problems.add("README.md has " + specs + " example specs (```yaml blocks of kind DataProduct); the smoke test compiles exactly one");
    }
    for (String known : knownCommands) {
      if (!commands.contains(known)) {
        problems.add("the smoke test knows `" + known + "`, which no ```sh block of README.md has any more: remove it");
      }
    }
    if (problems.isEmpty() && !commands.equals(List.copyOf(knownCommands))) {
      problems.add("the smoke test runs the README's commands in another order than README.md has them: " + commands);
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(String.join("\n", problems)
          + "\n(dev.weft.readme.ReadmeSmokeITCase runs every README block: add how a new command runs and what it must print)");
    }
  }
}
