package dev.weft.catalog.product;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Free-text search in words: a product's text and a user's query are both cut into lower-case runs
 * of letters and digits, so {@code customer_tier}, {@code crm-team@acme.example} and
 * {@code TIER} all meet on the same words. Each query word matches a word it begins, and all must
 * match. Only letters and digits reach PostgreSQL's {@code to_tsquery}, so no query text can be
 * tsquery syntax.
 */
public final class SearchText {
  private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  private SearchText() {}

  /** The words of a product's searchable text, for {@code to_tsvector('simple', …)}. */
  public static String document(List<String> parts) {
    StringBuilder text = new StringBuilder();
    for (String part : parts) {
      if (part != null) {
        text.append(words(part)).append(' ');
      }
    }
    return text.toString().trim();
  }

  /** The query for {@code to_tsquery('simple', …)}, or null when the text has no word (it then matches nothing). */
  public static String query(String text) {
    List<String> terms = new ArrayList<>();
    for (String word : words(text).split(" ")) {
      if (!word.isEmpty()) {
        terms.add(word + ":*");
      }
    }
    return terms.isEmpty() ? null : String.join(" & ", terms);
  }

  private static String words(String text) {
    return NOT_A_WORD.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
  }
}
