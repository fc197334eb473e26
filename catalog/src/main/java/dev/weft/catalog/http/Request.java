package dev.weft.catalog.http;

import dev.weft.catalog.Refusal;
import dev.weft.catalog.auth.Caller;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One request as a handler sees it: path parameters, query parameters, the (size-checked) body and who sent it. */
public record Request(String method, String path, Map<String, String> pathParameters,
    Map<String, List<String>> queryParameters, byte[] body, Caller caller) {

  public String pathParameter(String name) {
    return pathParameters.get(name);
  }

  /** The single value of a query parameter, or null if absent; twice is a bad request. */
  public String query(String name) {
    List<String> values = queryParameters.get(name);
    if (values == null) {
      return null;
    }
    if (values.size() > 1) {
      throw Refusal.invalid("query parameter '" + name + "' is given " + values.size() + " times; give it once");
    }
    return values.get(0);
  }

  /** Refuses query parameters the route does not know, naming the ones it does. */
  public void allowQueryParameters(String... known) {
    Set<String> allowed = Set.of(known);
    for (String name : new TreeSet<>(queryParameters.keySet())) {
      if (!allowed.contains(name)) {
        throw Refusal.invalid("unknown query parameter '" + name + "'"
            + (known.length == 0 ? "; this route takes none" : "; known: " + String.join(", ", known)));
      }
    }
  }
}
