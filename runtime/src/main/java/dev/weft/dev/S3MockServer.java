package dev.weft.dev;

import dev.weft.service.ChildService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real S3 API server on this machine for a warehouse on S3 without a cloud account: Adobe
 * S3Mock's executable jar (from Maven Central; the build copies it to
 * {@code runtime/target/s3mock/s3mock-exec.jar} and {@code benchmarks/target/s3mock/}) run as its
 * own process on 127.0.0.1 with its objects in a folder. The S3 tests and the S3 benchmark use it; it serves path-style requests
 * and takes any keys.
 */
public final class S3MockServer implements AutoCloseable {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private final ChildService service;
  private final int port;

  private S3MockServer(ChildService service, int port) {
    this.service = service;
    this.port = port;
  }

  /**
   * Starts the server with {@code bucket} made, its objects and log under {@code directory}, and
   * returns at once: it takes a few seconds (Spring Boot) that the caller may spend on other things
   * before {@link #awaitReady}.
   */
  public static S3MockServer start(Path jar, Path directory, String bucket) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("S3Mock's jar " + jar.toAbsolutePath() + " is missing: the build copies it there "
          + "(runtime: before the integration tests; benchmarks: at package)");
    }
    int port = ChildService.freePort("S3Mock");
    Path root;
    try {
      root = Files.createDirectories(directory.resolve("objects"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start S3Mock in " + directory + ": " + e.getMessage(), e);
    }
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.toAbsolutePath().toString(),
        "--com.adobe.testing.s3mock.httpPort=" + port,
        "--server.port=0", // its https port: any free one, so that two servers never collide
        "--server.address=127.0.0.1",
        "--com.adobe.testing.s3mock.store.root=" + root,
        "--com.adobe.testing.s3mock.store.initial-buckets=" + bucket);
    return new S3MockServer(ChildService.start("S3Mock", new ProcessBuilder(command), directory.resolve("s3mock.log"), STOP_TIMEOUT),
        port);
  }

  /** Waits until the server lists its buckets. */
  public S3MockServer awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest buckets = HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(5)).build();
    service.awaitReady(timeout, Duration.ofMillis(200),
        () -> http.send(buckets, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    return this;
  }

  /** {@code http://127.0.0.1:PORT}: the endpoint for {@code weft.s3.endpoint}, with path-style access. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    service.close();
  }
}
