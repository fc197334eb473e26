package dev.weft.execute;

import java.util.regex.Pattern;

/** PostgreSQL identifiers (schemas, tables, roles, publications) as they are written in SQL. */
final class PostgresIdentifiers {
  /** What PostgreSQL reads as the same name without quotes: lower case, not starting with a digit. */
  private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

  private PostgresIdentifiers() {}

  /** Always quoted: for statements Weft runs. */
  static String quoted(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** Quoted only where it must be: for statements Weft tells a person to run. */
  static String asWritten(String identifier) {
    return PLAIN.matcher(identifier).matches() ? identifier : quoted(identifier);
  }
}
