package dev.weft.catalog.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One method and path template such as {@code /api/v1/products/{domain}/{name}}; templates are written
 * the way OpenAPI writes them, so the OpenAPI document can be checked against the routes.
 */
public record Route(String method, String template, boolean needsToken, Handler handler) {

  @FunctionalInterface
  public interface Handler {
    Response handle(Request request) throws Exception;
  }

  /** The path parameters if {@code path} fits this template, or null. */
  Map<String, String> match(String path) {
    String[] want = segments(template);
    String[] have = segments(path);
    if (want.length != have.length) {
      return null;
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < want.length; i++) {
      if (want[i].startsWith("{") && want[i].endsWith("}")) {
        if (have[i].isEmpty()) {
          return null;
        }
        parameters.put(want[i].substring(1, want[i].length() - 1), decode(have[i]));
      } else if (!want[i].equals(have[i])) {
        return null;
      }
    }
    return parameters;
  }

  private static String[] segments(String path) {
    List<String> parts = new ArrayList<>(List.of(path.split("/", -1)));
    if (parts.size() > 1 && parts.get(parts.size() - 1).isEmpty() && path.length() > 1) {
      parts.remove(parts.size() - 1);
    }
    return parts.toArray(String[]::new);
  }

  private static String decode(String segment) {
    return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
  }
}
