package dev.weft.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 API server on this machine for a warehouse on S3 without a cloud account: Adobe
 * S3Mock's executable jar (from Maven Central; the build copies it to
 * {@code runtime/target/s3mock/s3mock-exec.jar} and {@code benchmarks/target/s3mock/}) run as its
 * own process on 127.0.0.1 with its objects in a folder. The S3 tests and the S3 benchmark use it; it serves path-style requests
 * and takes any keys.
 */
public final class S3MockServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;
  private final Thread shutdownHook = new Thread(this::close, "weft-s3mock-shutdown");

  private S3MockServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
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
    int port = freePort();
    try {
      Path root = Files.createDirectories(directory.resolve("objects"));
      Path log = directory.resolve("s3mock.log");
      List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.toAbsolutePath().toString(),
          "--com.adobe.testing.s3mock.httpPort=" + port,
          "--server.port=0", // its https port: any free one, so that two servers never collide
          "--server.address=127.0.0.1",
          "--com.adobe.testing.s3mock.store.root=" + root,
          "--com.adobe.testing.s3mock.store.initial-buckets=" + bucket);
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      S3MockServer server = new S3MockServer(process, port, log);
      Runtime.getRuntime().addShutdownHook(server.shutdownHook);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start S3Mock in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Waits until the server lists its buckets. */
  public S3MockServer awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest buckets = HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(5)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Mock stopped while starting (exit code " + process.exitValue() + "); see " + log);
      }
      try {
        if (http.send(buckets, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while S3Mock was starting", e);
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("S3Mock did not answer within " + timeout.toSeconds() + " s; see " + log);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while S3Mock was starting", e);
      }
    }
  }

  /** {@code http://127.0.0.1:PORT}: the endpoint for {@code weft.s3.endpoint}, with path-style access. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for S3Mock: " + e.getMessage(), e);
    }
  }
}
