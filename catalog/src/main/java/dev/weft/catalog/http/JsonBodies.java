package dev.weft.catalog.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.weft.catalog.Refusal;
import java.io.IOException;

/** Reads request bodies, and says what is wrong with a bad one: where, and which field. */
public final class JsonBodies {
  private JsonBodies() {}

  /** The mapper the whole catalog uses: unknown fields and trailing garbage are errors, not ignored. */
  public static ObjectMapper mapper() {
    return new ObjectMapper()
        .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  }

  public static <T> T read(ObjectMapper json, byte[] body, Class<T> type) {
    requireBody(body);
    try {
      return json.readValue(body, type);
    } catch (IOException e) {
      throw describe(e);
    }
  }

  public static JsonNode readTree(ObjectMapper json, byte[] body) {
    requireBody(body);
    try {
      JsonNode tree = json.readTree(body);
      if (!tree.isObject()) {
        throw Refusal.invalid("request body must be a JSON object, was " + tree.getNodeType().name().toLowerCase());
      }
      return tree;
    } catch (IOException e) {
      throw describe(e);
    }
  }

  private static void requireBody(byte[] body) {
    if (body.length == 0) {
      throw Refusal.invalid("request body is empty; expected a JSON object");
    }
  }

  private static Refusal describe(IOException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      // records are read through their constructor, so Jackson only notices at the object's end: no location
      java.util.TreeSet<String> known = new java.util.TreeSet<>();
      unknown.getKnownPropertyIds().forEach(id -> known.add(id.toString()));
      return Refusal.invalid("unknown field '" + path(unknown) + "'; known here: " + String.join(", ", known));
    }
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String expected = mapping instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatch
          ? expected(mismatch.getTargetType()) : null;
      return Refusal.invalid("field '" + path(mapping) + "' has the wrong type" + at(mapping.getLocation())
          + (expected == null ? ": " + firstLine(mapping.getOriginalMessage()) : ": expected " + expected));
    }
    if (e instanceof JsonProcessingException processing && processing.getOriginalMessage().startsWith("Trailing token")) {
      return Refusal.invalid("malformed JSON" + at(processing.getLocation()) + ": more content after the end of the JSON object");
    }
    if (e instanceof JsonParseException || e instanceof JsonProcessingException) {
      JsonProcessingException processing = (JsonProcessingException) e;
      return Refusal.invalid("malformed JSON" + at(processing.getLocation()) + ": " + firstLine(processing.getOriginalMessage()));
    }
    return Refusal.invalid("cannot read the request body: " + e.getMessage());
  }

  /** What a JSON writer must put there, in JSON's terms rather than Java's. */
  private static String expected(Class<?> type) {
    if (type == null) {
      return null;
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
      return "a number";
    }
    return "an object";
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
