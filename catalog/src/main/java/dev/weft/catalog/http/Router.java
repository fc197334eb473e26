package dev.weft.catalog.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.weft.catalog.Refusal;
import dev.weft.catalog.auth.Caller;
import dev.weft.catalog.auth.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Dispatches every request to its route with its {@link Caller}, and turns every {@link Refusal}
 * into a JSON error body with its status: this class is the one place where refusals become HTTP
 * statuses ({@link #status}). Anything else a handler throws is a 500 whose body carries only an
 * error id; the detail goes to the log under that id, never to the client.
 */
public final class Router implements HttpHandler {
  private static final Logger LOG = Logger.getLogger(Router.class.getName());
  /** Past this, an oversized body is not read to its end: the connection is closed instead. */
  private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

  private final List<Route> routes;
  private final Credentials credentials;
  private final boolean readsNeedToken;
  private final long maxRequestBytes;
  private final ObjectMapper json;

  /** @param readsNeedToken whether reads too need a known token ({@code weft catalog --read-auth}) */
  public Router(List<Route> routes, Credentials credentials, boolean readsNeedToken, long maxRequestBytes, ObjectMapper json) {
    this.routes = List.copyOf(routes);
    this.credentials = credentials;
    this.readsNeedToken = readsNeedToken;
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
    } catch (Refusal e) {
      response = error(status(e.reason()), e.getMessage());
    } catch (Exception | Error e) {
      // what failed inside may name hosts, SQL or data: the client gets an id to quote, the operator the detail
      String errorId = UUID.randomUUID().toString();
      LOG.log(Level.SEVERE, "catalog error " + errorId + ": " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
          + " failed", e);
      ObjectNode body = json.createObjectNode();
      body.put("error", "internal error " + errorId + "; the catalog's log has the detail under this id");
      body.put("status", 500);
      body.put("errorId", errorId);
      response = Response.json(500, body.toString());
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
      Caller caller = credentials.identify(exchange.getRequestHeaders().getFirst("Authorization"));
      if (caller.isAnonymous() && route.needsToken()) {
        throw Refusal.unauthenticated(route.method().equals("GET") ? "this request needs the header 'Authorization: Bearer <token>'"
            : "this request writes to the catalog and needs the header 'Authorization: Bearer <token>'");
      }
      if (caller.isAnonymous() && readsNeedToken) {
        throw Refusal.unauthenticated("this catalog serves reads only with a token (--read-auth): send the header 'Authorization: Bearer <token>'");
      }
      byte[] body = route.method().equals("GET") ? new byte[0] : readBody(exchange);
      if (method.equals("HEAD")) {
        method = "GET";
      }
      Request request = new Request(method, path, parameters, queryParameters(exchange.getRequestURI().getRawQuery()), body, caller);
      return route.handler().handle(request);
    }
    if (!allowed.isEmpty()) {
      exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
      throw Refusal.methodNotAllowed("method " + method + " is not allowed on " + path + "; allowed: " + String.join(", ", allowed));
    }
    throw Refusal.notFound("no such resource: " + path);
  }

  private byte[] readBody(HttpExchange exchange) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > maxRequestBytes) {
          throw tooLarge();
        }
      } catch (NumberFormatException e) {
        throw Refusal.invalid("Content-Length is not a number: " + declared);
      }
    }
    InputStream in = exchange.getRequestBody();
    byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxRequestBytes + 1));
    if (body.length > maxRequestBytes) {
      throw tooLarge();
    }
    return body;
  }

  private Refusal tooLarge() {
    return Refusal.tooLarge("request body is larger than the limit of " + maxRequestBytes + " bytes");
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
      throw Refusal.invalid("malformed query string: " + e.getMessage());
    }
  }

  /** The HTTP status of each refusal: the one place the catalog's refusals meet HTTP. */
  public static int status(Refusal.Reason reason) {
    return switch (reason) {
      case INVALID -> 400;
      case UNAUTHENTICATED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case METHOD_NOT_ALLOWED -> 405;
      case CONFLICT -> 409;
      case TOO_LARGE -> 413;
      case BREAKS_POLICY -> 422;
    };
  }

  private Response error(int status, String message) {
    ObjectNode body = json.createObjectNode();
    body.put("error", message);
    body.put("status", status);
    return Response.json(status, body.toString());
  }
}
