package dev.weft.catalog.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.weft.catalog.Refusal;
import dev.weft.catalog.auth.Credentials;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class RouterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anInternalErrorAnswersOnlyAnErrorIdAndLogsTheDetailUnderIt() throws Exception {
    Route failing = new Route("GET", "/boom", false, request -> {
      throw new IllegalStateException("connection to db.internal:5432 as catalog_admin with password hunter2 failed");
    });
    Route refusing = new Route("GET", "/gone", false, request -> {
      throw Refusal.conflict("product a.b@1 was retired");
    });
    List<LogRecord> logged = new ArrayList<>();
    Handler capture = new Handler() {
      @Override public void publish(LogRecord record) {
        logged.add(record);
      }
      @Override public void flush() {}
      @Override public void close() {}
    };
    Logger log = Logger.getLogger(Router.class.getName());
    log.addHandler(capture);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext("/", new Router(List.of(failing, refusing), new Credentials("admin", null), false, 1024, JsonBodies.mapper()));
    server.start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/boom")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(500);
      JsonNode body = JSON.readTree(answer.body());
      String errorId = body.get("errorId").asText();
      assertThat(errorId).matches("[0-9a-f-]{36}");
      assertThat(body).isEqualTo(JSON.createObjectNode().put("error", "internal error " + errorId + "; the catalog's log has the detail under this id")
          .put("status", 500).put("errorId", errorId));
      assertThat(answer.body()).doesNotContain("hunter2", "db.internal", "IllegalStateException");
      assertThat(logged).hasSize(1);
      assertThat(logged.get(0).getMessage()).isEqualTo("catalog error " + errorId + ": GET /boom failed");
      assertThat(logged.get(0).getThrown()).hasMessageContaining("hunter2");

      HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "/gone")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(JSON.readTree(refused.body())).isEqualTo(JSON.createObjectNode().put("error", "product a.b@1 was retired").put("status", 409));
      assertThat(logged).hasSize(1);
    } finally {
      server.stop(0);
      log.removeHandler(capture);
    }
  }

  @Test
  void everyRefusalHasItsStatus() {
    assertThat(java.util.Arrays.stream(Refusal.Reason.values()).map(Router::status).toList())
        .containsExactly(400, 401, 403, 404, 405, 409, 413, 422);
  }
}
