package dev.weft.readme;

import java.util.ArrayList;
import java.util.List;

/**
 * One fenced code block of README.md: where it starts, its language and its lines. The commands of
 * a shell block are its lines as a user pastes them: a trailing {@code # comment} is the shell's
 * to drop, so it is dropped here too (a {@code #} inside quotes stays).
 */
record ReadmeBlock(int line, String language, List<String> lines) {

  /** Every fenced block of a Markdown text, in order; {@code line} is the 1-based line of its opening fence. */
  static List<ReadmeBlock> of(String markdown) {
    List<ReadmeBlock> blocks = new ArrayList<>();
    String[] lines = markdown.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String fence = lines[i].strip();
      if (!fence.startsWith("```")) {
        continue;
      }
      int start = i;
      List<String> body = new ArrayList<>();
      while (++i < lines.length && !lines[i].strip().equals("```")) {
        body.add(lines[i]);
      }
      if (i == lines.length) {
        throw new IllegalArgumentException("the code block at line " + (start + 1) + " is never closed");
      }
      blocks.add(new ReadmeBlock(start + 1, fence.substring(3).strip(), List.copyOf(body)));
    }
    return blocks;
  }

  boolean isShell() {
    return language.equals("sh") || language.equals("bash") || language.equals("shell");
  }

  /** The commands of a shell block, each without its trailing comment; blank lines and comment lines left out. */
  List<String> commands() {
    return lines.stream().map(ReadmeBlock::withoutComment).filter(c -> !c.isEmpty()).toList();
  }

  /** The line up to a {@code #} that starts a shell comment: at the start or after a blank, outside quotes. */
  static String withoutComment(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i).strip();
      }
    }
    return line.strip();
  }
}
