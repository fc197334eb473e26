package dev.weft.spec;

/**
 * SQL written in a spec (a transform or a quality check), with where its first character stands
 * in the file, so that a position the SQL parser reports can be turned into a file position.
 *
 * @param sql the SQL as the YAML scalar holds it
 * @param start position of the SQL's first character in the file
 * @param continuationColumn column at which lines after the first start (a block scalar's indent)
 */
public record SqlText(String sql, Position start, int continuationColumn) {

  /** The file position of 1-based {@code line}/{@code column} inside the SQL. */
  public Position positionOf(int line, int column) {
    if (line <= 1) {
      return new Position(start.file(), start.line(), start.column() + Math.max(column, 1) - 1);
    }
    return new Position(start.file(), start.line() + line - 1, continuationColumn + column - 1);
  }
}
