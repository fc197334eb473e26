package dev.weft.spec;

/** Where something stands in a spec file, 1-based, printed as {@code file:line:column}. */
public record Position(String file, int line, int column) {

  public static Position unknown(String file) {
    return new Position(file, 0, 0);
  }

  @Override
  public String toString() {
    return line <= 0 ? file : file + ":" + line + ":" + column;
  }
}
