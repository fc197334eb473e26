package dev.weft.catalog.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Dispatches every request to its route, and turns every refusal into a JSON error body with the
 * right status: 404 unknown path, 405 known path but wrong method, 401 write without the token,
 * 413 body over the limit, and whatever a handler throws as {@link ApiException}.
 */
public final class Router implements HttpHandler {
  private static final Logger LOG = Logger.getLogger(Router.class.getName());
  /** Past this, an oversized body is not read to its end: the connection is closed instead. */
  private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

  private final List<Route> routes;
  private final byte[] token;
  private final long maxRequestBytes;
  private final ObjectMapper json;

  public Router(List<Route> routes, String token, long maxRequestBytes, ObjectMapper json) {
    this.routes = List.copyOf(routes);
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.maxRequestBytes = maxRequestBytes;
    this.json = json;
  }

  public List<Route> routes() {
    return routes;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Response response;
    try {
      response = dispatch(exchange);
    } catch (ApiException e) {
      response = error(e.status(), e.getMessage());
    } catch (Exception e) {
      LOG.log(Level.WARNING, "catalog request " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " failed", e);
      response = error(500, "internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    try (exchange) {
      drainRequestBody(exchange);
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(response.status(), head || response.body().length == 0 ? -1 : response.body().length);
      if (!head) {
        exchange.getResponseBody().write(response.body());
      }
    }
  }

  private Response dispatch(HttpExchange exchange) throws Exception {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    TreeSet<String> allowed = new TreeSet<>();
    for (Route route : routes) {
      Map<String, String> parameters = route.match(path);
      if (parameters == null) {
        continue;
      }
      // HEAD is answered as GET without the body
      if (!route.method().equals(method) && !(method.equals("HEAD") && route.method().equals("GET"))) {
        allowed.add(route.method());
        continue;
      }
      if (route.needsToken()) {
        checkToken(exchange);
      }
      byte[] body = route.method().equals("GET") ? new byte[0] : readBody(exchange);
      if (method.equals("HEAD")) {
        method = "GET";
      }
      Request request = new Request(method, path, parameters, queryParameters(exchange.getRequestURI().getRawQuery()), body);
      return route.handler().handle(request);
    }
    if (!allowed.isEmpty()) {
      exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
      throw new ApiException(405, "method " + method + " is not allowed on " + path + "; allowed: " + String.join(", ", allowed));
    }
    throw ApiException.notFound("no such resource: " + path);
  }

  private void checkToken(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null) {
      throw new ApiException(401, "this request writes to the catalog and needs the header 'Authorization: Bearer <token>'");
    }
    if (!header.startsWith("Bearer ")
        || !MessageDigest.isEqual(token, header.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8))) {
      throw new ApiException(401, "the bearer token is not the catalog's token");
    }
  }

  private byte[] readBody(HttpExchange exchange) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > maxRequestBytes) {
          throw tooLarge();
        }
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("Content-Length is not a number: " + declared);
      }
    }
    InputStream in = exchange.getRequestBody();
    byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxRequestBytes + 1));
    if (body.length > maxRequestBytes) {
      throw tooLarge();
    }
    return body;
  }

  private ApiException tooLarge() {
    return new ApiException(413, "request body is larger than the limit of " + maxRequestBytes + " bytes");
  }

  /** Reads what the client still sends, so that it gets to read our answer instead of a reset. */
  private static void drainRequestBody(HttpExchange exchange) {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] buffer = new byte[64 * 1024];
      long drained = 0;
      int n;
      while (drained < DRAIN_LIMIT && (n = in.read(buffer)) > 0) {
        drained += n;
      }
    } catch (IOException e) {
      // the client went away; nothing to answer to
    }
  }

  static Map<String, List<String>> queryParameters(String rawQuery) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return parameters;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      parameters.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return parameters;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("malformed query string: " + e.getMessage());
    }
  }

  private Response error(int status, String message) {
    ObjectNode body = json.createObjectNode();
    body.put("error", message);
    body.put("status", status);
    return Response.json(status, body.toString());
  }
}
