package dev.weft.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folders of a work directory that Weft removes whole: an earlier embedded run's data, a dropped table's checkpoints. */
public final class FileTrees {
  private FileTrees() {}

  /**
   * Deletes {@code tree} and everything under it, deepest first.
   *
   * @return how many files (not folders) were deleted; 0 when there was no such folder
   */
  public static long delete(Path tree) throws IOException {
    if (!Files.exists(tree)) {
      return 0;
    }
    long files = 0;
    try (Stream<Path> paths = Files.walk(tree)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (Files.isRegularFile(path)) {
          files++;
        }
        Files.delete(path);
      }
    }
    return files;
  }
}
