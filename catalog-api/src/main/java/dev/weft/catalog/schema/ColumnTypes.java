package dev.weft.catalog.schema;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Flink SQL types a spec declares, compared the way schema evolution needs: whether every value
 * of one type is a value of the other. Types are compared as written, normalized (case, spaces,
 * synonyms such as {@code INTEGER}/{@code INT} and {@code STRING}/{@code VARCHAR(2147483647)}).
 */
final class ColumnTypes {
  private static final List<String> INTEGERS = List.of("TINYINT", "SMALLINT", "INT", "BIGINT");
  private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),(\\d+)\\)");
  private static final Pattern LENGTH = Pattern.compile("(VARCHAR|CHAR|VARBINARY|BINARY)\\((\\d+)\\)");
  private static final Pattern PRECISION = Pattern.compile("(TIMESTAMP|TIMESTAMP_LTZ|TIME)\\((\\d+)\\)");
  private static final int MAX_LENGTH = Integer.MAX_VALUE;

  private ColumnTypes() {}

  static String normalized(String type) {
    String t = type.toUpperCase(Locale.ROOT).replaceAll("\\s+", "")
        .replaceFirst("^TIMESTAMP(\\(\\d+\\))?WITHLOCALTIMEZONE$", "TIMESTAMP_LTZ$1")
        .replaceFirst("^TIMESTAMP(\\(\\d+\\))?WITHOUTTIMEZONE$", "TIMESTAMP$1")
        .replaceFirst("^(?:DEC|NUMERIC)\\(", "DECIMAL(")
        .replaceFirst("^DECIMAL\\((\\d+)\\)$", "DECIMAL($1,0)");
    return switch (t) {
      case "INTEGER" -> "INT";
      case "STRING" -> "VARCHAR(" + MAX_LENGTH + ")";
      case "BYTES" -> "VARBINARY(" + MAX_LENGTH + ")";
      case "DEC", "NUMERIC", "DECIMAL" -> "DECIMAL(10,0)";
      case "REAL" -> "FLOAT";
      case "VARCHAR", "VARBINARY", "CHAR", "BINARY" -> t + "(1)";
      case "TIMESTAMP", "TIMESTAMP_LTZ" -> t + "(6)";
      case "TIME" -> "TIME(0)";
      default -> t;
    };
  }

  /** Whether every value of {@code from} is a value of {@code to} (equal types included). */
  static boolean holds(String to, String from) {
    String a = normalized(from);
    String b = normalized(to);
    if (a.equals(b)) {
      return true;
    }
    int ia = INTEGERS.indexOf(a);
    int ib = INTEGERS.indexOf(b);
    if (ia >= 0 && ib >= 0) {
      return ia <= ib;
    }
    if (ia >= 0 && b.startsWith("DECIMAL(")) {
      // an integer fits a decimal with as many digits before the point
      Matcher d = DECIMAL.matcher(b);
      return d.matches() && Integer.parseInt(d.group(1)) - Integer.parseInt(d.group(2)) >= List.of(3, 5, 10, 19).get(ia);
    }
    if (a.equals("FLOAT") && b.equals("DOUBLE")) {
      return true;
    }
    Matcher da = DECIMAL.matcher(a);
    Matcher db = DECIMAL.matcher(b);
    if (da.matches() && db.matches()) {
      int pa = Integer.parseInt(da.group(1));
      int sa = Integer.parseInt(da.group(2));
      int pb = Integer.parseInt(db.group(1));
      int sb = Integer.parseInt(db.group(2));
      return sb >= sa && pb - sb >= pa - sa;
    }
    Matcher la = LENGTH.matcher(a);
    Matcher lb = LENGTH.matcher(b);
    if (la.matches() && lb.matches()) {
      String kindA = la.group(1);
      String kindB = lb.group(1);
      boolean sameFamily = kindA.endsWith("CHAR") == kindB.endsWith("CHAR");
      // a fixed-length value fits a variable-length type as long; not the other way round
      boolean kindFits = kindA.equals(kindB) || kindB.startsWith("VAR");
      return sameFamily && kindFits && Long.parseLong(lb.group(2)) >= Long.parseLong(la.group(2));
    }
    Matcher pa = PRECISION.matcher(a);
    Matcher pb = PRECISION.matcher(b);
    return pa.matches() && pb.matches() && pa.group(1).equals(pb.group(1)) && Integer.parseInt(pb.group(2)) >= Integer.parseInt(pa.group(2));
  }
}
