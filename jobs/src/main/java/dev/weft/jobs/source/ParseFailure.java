package dev.weft.jobs.source;

import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonLocation;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;

/** Why an input record could not be parsed, in words for its dead letter. */
final class ParseFailure {
  /** How Flink's JSON format names the field it could not convert; a field name, never a value. */
  private static final String FIELD_FAILURE = "Fail to deserialize at field: ";

  private ParseFailure() {}

  /**
   * @param withValues whether the description may quote the record: the parser's messages do (an
   *     excerpt of the input, the token it stumbled on), which a product with personal data must not
   *     let into its dead letters
   */
  static String describe(Throwable error, boolean withValues) {
    Set<String> messages = new LinkedHashSet<>();
    // the parser wraps the useful message several levels deep
    for (Throwable t = error; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? null : t.getMessage().trim();
      if (message == null || message.startsWith("Failed to deserialize JSON")) {
        continue;
      }
      if (withValues) {
        messages.add(message);
      } else if (message.startsWith(FIELD_FAILURE)) {
        messages.add(message);
      } else if (t instanceof JsonProcessingException json) {
        messages.add(withoutValues(json));
      }
    }
    if (messages.isEmpty()) {
      return withValues ? error.getClass().getSimpleName() : "the record does not fit the input's declared columns";
    }
    return String.join(": ", messages);
  }

  private static String withoutValues(JsonProcessingException error) {
    JsonLocation at = error.getLocation();
    return at == null ? "not valid JSON" : "not valid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }
}
