package dev.weft.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium driven over the DevTools protocol (a WebSocket; no driver, no extra
 * library): open a page at a width, read the DOM through script, press keys, take screenshots.
 * One browser per test class; it starts in about a second.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final long TIMEOUT_SECONDS = 30;

  private final ObjectMapper json = new ObjectMapper();
  private final Process process;
  private final WebSocket socket;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();

  HeadlessChromium(Path profile) throws Exception {
    process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    URI browser = browserEndpoint();
    HttpClient http = HttpClient.newHttpClient();
    URI newPage = URI.create("http://" + browser.getAuthority() + "/json/new?about:blank");
    JsonNode page = json.readTree(http.send(HttpRequest.newBuilder(newPage).PUT(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    socket = http.newWebSocketBuilder().buildAsync(URI.create(page.get("webSocketDebuggerUrl").asText()), new Answers())
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** Chromium says where it listens on stderr; the rest of stderr is drained so it never blocks. */
  private URI browserEndpoint() throws IOException {
    BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    for (String line = err.readLine(); line != null; line = err.readLine()) {
      Matcher listening = LISTENING.matcher(line);
      if (listening.find()) {
        Thread drain = new Thread(() -> err.lines().forEach(ignored -> { }), "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        return URI.create(listening.group(1));
      }
    }
    throw new IOException("Chromium ended without opening its DevTools port");
  }

  /** Sends one DevTools command and waits for its result. */
  JsonNode send(String method, Map<String, ?> params) throws Exception {
    long id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    answers.put(id, answer);
    ObjectNode command = json.createObjectNode().put("id", id).put("method", method);
    command.set("params", json.valueToTree(params));
    socket.sendText(json.writeValueAsString(command), true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    JsonNode reply = answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new IllegalStateException(method + " failed: " + reply.get("error"));
    }
    return reply.get("result");
  }

  /** Opens {@code url} in a viewport {@code width} CSS pixels wide and waits until it has loaded. */
  void open(String url, int width) throws Exception {
    send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", width < 600));
    // a headless page never has the window's focus; without it, Tab would move nothing
    send("Emulation.setFocusEmulationEnabled", Map.of("enabled", true));
    send("Page.navigate", Map.of("url", url));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!"complete".equals(evaluate("document.readyState")) || !url.equals(evaluate("location.href"))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("page did not load: " + url);
      }
      Thread.sleep(20);
    }
  }

  /** The value of a script expression in the page (strings, numbers, booleans, arrays of them). */
  Object evaluate(String expression) throws Exception {
    JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true)).get("result");
    JsonNode value = result.get("value");
    return value == null || value.isNull() ? null : json.treeToValue(value, Object.class);
  }

  @SuppressWarnings("unchecked")
  List<String> strings(String expression) throws Exception {
    return (List<String>) evaluate(expression);
  }

  /** Presses a key ({@code Tab}, {@code Enter}) as a keyboard would. */
  void press(String key, int keyCode) throws Exception {
    for (String type : new String[] {"rawKeyDown", "keyUp"}) {
      send("Input.dispatchKeyEvent", Map.of("type", type, "key", key, "code", key, "windowsVirtualKeyCode", keyCode,
          "nativeVirtualKeyCode", keyCode));
    }
    if (key.equals("Enter")) {
      send("Input.dispatchKeyEvent", Map.of("type", "char", "text", "\r"));
    }
  }

  /** The whole page (not only the viewport) as PNG. */
  void screenshot(Path file) throws Exception {
    Number width = (Number) evaluate("document.documentElement.scrollWidth");
    Number height = (Number) evaluate("document.documentElement.scrollHeight");
    JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
        "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
  }

  @Override
  public void close() throws Exception {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the browser is stopped next anyway
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** Collects each message's parts and completes the command it answers; events are not needed. */
  private final class Answers implements WebSocket.Listener {
    private final StringBuilder message = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      message.append(data);
      if (last) {
        try {
          JsonNode reply = json.readTree(message.toString());
          if (reply.has("id")) {
            CompletableFuture<JsonNode> answer = answers.remove(reply.get("id").asLong());
            if (answer != null) {
              answer.complete(reply);
            }
          }
        } catch (IOException e) {
          answers.values().forEach(answer -> answer.completeExceptionally(e));
        }
        message.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
