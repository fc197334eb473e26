package dev.weft.cli;

/** A command-line flag the user got wrong, found after parsing: its message is printed and the command exits 2, as for usage errors. */
final class FlagException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  FlagException(String message) {
    super(message);
  }
}
