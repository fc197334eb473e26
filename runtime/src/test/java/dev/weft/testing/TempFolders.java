package dev.weft.testing;

import dev.weft.dev.FileTrees;
import java.io.IOException;
import java.nio.file.Path;

/** The temporary folders a fixture made, deleted when it stops. */
final class TempFolders {
  private TempFolders() {}

  /**
   * Deletes {@code folder} whole; a file still held (a process that has not let go yet) leaves it,
   * and says so, rather than failing the tests that already passed.
   */
  static void delete(Path folder) {
    if (folder == null) {
      return;
    }
    try {
      FileTrees.delete(folder);
    } catch (IOException | RuntimeException e) {
      System.err.println("could not delete the test folder " + folder + ": " + e);
    }
  }
}
