package dev.weft.plan;

import dev.weft.jobs.source.RecordOrigin;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Makes a transform carry the {@link RecordOrigin} column of its driving input (the first relation
 * of its FROM clause) by inserting {@code , <alias>._weft_origin} before the top-level FROM. The
 * user's text is otherwise kept as written.
 *
 * <p>Only plain SELECTs qualify: DISTINCT, GROUP BY, set operations, derived tables and table
 * functions have no single input record per output row. The compiler validates the rewritten
 * query and keeps the original when the rewrite does not hold (e.g. an aggregate without GROUP
 * BY), so this only has to recognise the shape, not the whole grammar.
 */
final class OriginRewriter {
  private static final Set<String> NOT_ONE_RECORD_PER_ROW =
      Set.of("DISTINCT", "GROUP", "UNION", "INTERSECT", "EXCEPT", "MINUS", "HAVING", "WINDOW", "MATCH_RECOGNIZE");
  private static final Set<String> AFTER_TABLE =
      Set.of("WHERE", "JOIN", "LEFT", "RIGHT", "FULL", "INNER", "CROSS", "ORDER", "LIMIT", "ON", "FOR");

  private OriginRewriter() {}

  /** A word of the query outside strings, comments and quoted identifiers, with its paren depth. */
  private record Token(String text, int start, int end, int depth, boolean quoted) {
    boolean is(String keyword) {
      return !quoted && text.equalsIgnoreCase(keyword);
    }
  }

  static Optional<String> rewrite(String sql) {
    List<Token> tokens = tokenize(sql);
    if (tokens.isEmpty() || !tokens.get(0).is("SELECT")) {
      return Optional.empty();
    }
    int from = -1;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.depth() != 0 || t.quoted()) {
        continue;
      }
      if (NOT_ONE_RECORD_PER_ROW.contains(t.text().toUpperCase(Locale.ROOT))) {
        return Optional.empty();
      }
      if (from < 0 && t.is("FROM")) {
        from = i;
      }
    }
    if (from < 0 || from + 1 >= tokens.size()) {
      return Optional.empty();
    }
    Token table = tokens.get(from + 1);
    if (table.text().equals("(") || table.is("TABLE") || table.is("LATERAL") || table.is("UNNEST")) {
      return Optional.empty();
    }
    int next = from + 2;
    // qualified names: catalog.db.table
    while (next + 1 < tokens.size() && tokens.get(next).text().equals(".")) {
      table = tokens.get(next + 1);
      next += 2;
    }
    String alias = table.text();
    if (next < tokens.size() && tokens.get(next).is("AS") && next + 1 < tokens.size()) {
      alias = tokens.get(next + 1).text();
    } else if (next < tokens.size() && isAlias(tokens.get(next))) {
      alias = tokens.get(next).text();
    }
    String column = "`" + alias + "`.`" + RecordOrigin.COLUMN + "`";
    int at = tokens.get(from).start();
    String before = sql.substring(0, at).stripTrailing();
    return Optional.of(before + ", " + column + sql.substring(before.length()));
  }

  private static boolean isAlias(Token token) {
    return token.quoted() || (Character.isLetter(token.text().charAt(0)) || token.text().charAt(0) == '_')
        && !AFTER_TABLE.contains(token.text().toUpperCase(Locale.ROOT))
        && !NOT_ONE_RECORD_PER_ROW.contains(token.text().toUpperCase(Locale.ROOT));
  }

  private static List<Token> tokenize(String sql) {
    List<Token> tokens = new ArrayList<>();
    int depth = 0;
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end;
      } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? sql.length() : end + 2;
      } else if (c == '\'') {
        i = closing(sql, i, '\'');
      } else if (c == '`') {
        int end = closing(sql, i, '`');
        tokens.add(new Token(sql.substring(i + 1, Math.max(i + 1, end - 1)), i, end, depth, true));
        i = end;
      } else if (c == '(') {
        tokens.add(new Token("(", i, i + 1, depth++, false));
        i++;
      } else if (c == ')') {
        depth--;
        tokens.add(new Token(")", i, i + 1, depth, false));
        i++;
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
        int end = i;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_' || sql.charAt(end) == '$')) {
          end++;
        }
        tokens.add(new Token(sql.substring(i, end), i, end, depth, false));
        i = end;
      } else {
        tokens.add(new Token(String.valueOf(c), i, i + 1, depth, false));
        i++;
      }
    }
    return tokens;
  }

  /** Index after the quote that closes the one at {@code start} (a doubled quote is an escaped one). */
  private static int closing(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }
}
