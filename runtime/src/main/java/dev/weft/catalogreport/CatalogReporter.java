package dev.weft.catalogreport;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.catalog.client.CatalogClient;
import dev.weft.catalog.client.CatalogException;
import dev.weft.catalog.openlineage.RunEventBuilder;
import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalog.product.SemanticVersion;
import dev.weft.catalog.runs.ProductRun;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.execute.ProductRunListener;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.JobRestarts;
import dev.weft.execute.RunningProduct;
import dev.weft.maintain.TableFiles;
import dev.weft.execute.ScheduledRun;
import dev.weft.spec.SpecProblem;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the catalog up to date about one session's products: registers each before it starts (a
 * refusal stops the session before anything runs), sends OpenLineage START when its job starts
 * and COMPLETE or FAIL when it ends, and, every interval while jobs run, one metrics sample per
 * product and what its dead-letter topic received ({@link DeadLetterWatch}). Reporting trouble
 * after registration is logged, never stops a product.
 */
public final class CatalogReporter implements ProductRunListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogReporter.class);

  private final CatalogClient client;
  private final ProductSet products;
  private final ProductRunner runner;
  private final Clock clock;
  private final PrintWriter out;
  /** Builds the OpenLineage events only; the client reads and writes the catalog's JSON. */
  private final ObjectMapper json = new ObjectMapper();
  private final TopicSizes topicSizes;
  private final ConsumerGroupLags lags;
  private final Map<String, ProductRegistration> registered = new ConcurrentHashMap<>();
  /** Why, per {@code domain.name@major} the catalog has retired while it ran. */
  private final Map<String, String> retired = new ConcurrentHashMap<>();
  private final Map<JobID, Run> running = new ConcurrentHashMap<>();
  private final ScheduledExecutorService samples;

  /** A run of a product: its OpenLineage events share the run id. */
  private record Run(ProductMeter meter, RunEventBuilder events, DeadLetterWatch deadLetters) {}

  public CatalogReporter(CatalogClient client, ProductSet products, ProductRunner runner, Duration interval, Clock clock, PrintWriter out) {
    this.client = client;
    this.products = products;
    this.runner = runner;
    this.clock = clock;
    this.out = out;
    this.topicSizes = new TopicSizes(runner.admin());
    this.lags = new ConsumerGroupLags(runner.admin());
    this.samples = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "weft-catalog-reporter");
      thread.setDaemon(true);
      return thread;
    });
    samples.scheduleWithFixedDelay(this::sampleAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void submitting(List<ProductPlan> plans) {
    for (ProductPlan plan : plans) {
      String outcome;
      ProductRegistration registration;
      try {
        registration = ProductRegistrations.of(products.spec(plan), plan);
        List<SpecProblem> breaking = CatalogCompatibility.problems(products.spec(plan), registration, client);
        if (!breaking.isEmpty()) {
          throw new ProductRefusedException("product " + plan.product() + " " + plan.version() + " is not started:\n"
              + String.join("\n", breaking.stream().map(Object::toString).toList()));
        }
        outcome = client.register(registration);
      } catch (CatalogException | java.io.UncheckedIOException e) {
        throw new ProductRefusedException("product " + plan.product() + " " + plan.version() + " is not started: " + e.getMessage());
      }
      registered.put(plan.versionedName(), registration);
      out.println("catalog: " + plan.product() + " " + plan.version() + " " + outcomeText(outcome));
    }
    out.flush();
  }

  private static String outcomeText(String outcome) {
    return switch (outcome) {
      case "created" -> "registered";
      case "new_version" -> "registered as a new version";
      case "unchanged" -> "already registered, unchanged";
      default -> "registered (" + outcome + ")";
    };
  }

  @Override
  public void started(RunningProduct product) {
    ProductRegistration registration = registered.get(product.plan().versionedName());
    if (registration == null) {
      return;
    }
    Run run;
    try {
      run = new Run(new ProductMeter(product, runner.catalog(), topicSizes, lags, clock.instant()),
          new RunEventBuilder(json, registration, UUID.randomUUID()), DeadLetterWatch.open(runner.kafka(), product.plan()));
    } catch (RuntimeException e) {
      LOG.warn("Product {}: cannot measure it for the catalog: {}", product.plan().product(), e.getMessage());
      return;
    }
    running.put(product.jobId(), run);
    quietly(product, "OpenLineage START", () -> client.sendRunEvent(run.events().start(clock.instant())));
  }

  @Override
  public void finished(RunningProduct product) {
    Run run = running.remove(product.jobId());
    if (run != null) {
      sample(run);
      run.deadLetters().close();
      quietly(product, "OpenLineage COMPLETE", () -> client.sendRunEvent(run.events().complete(clock.instant())));
    }
  }

  @Override
  public void stopped(RunningProduct product) {
    Run run = running.remove(product.jobId());
    if (run != null) {
      sample(run);
      run.deadLetters().close();
      quietly(product, "OpenLineage ABORT", () -> client.sendRunEvent(run.events().abort(clock.instant())));
    }
  }

  @Override
  public void failed(RunningProduct product, String reason) {
    Run run = running.remove(product.jobId());
    if (run != null) {
      sample(run);
      run.deadLetters().close();
      quietly(product, "OpenLineage FAIL", () -> client.sendRunEvent(run.events().fail(clock.instant(), reason)));
    }
  }

  /** Each restart goes to the catalog's run history as a failed attempt of the stream run, with its cause and pause. */
  @Override
  public void restarted(RunningProduct product, JobRestarts restarts) {
    ProductRegistration registration = registered.get(product.plan().versionedName());
    if (registration == null) {
      return;
    }
    String now = clock.instant().toString();
    ProductRun attempt = new ProductRun("stream-restart", restarts.count(), restarts.failedAt().map(Object::toString).orElse(now), now,
        "failed", null, null, null, restarts.describe());
    quietly(product, "its restart", () -> client.reportRun(registration.domain(), registration.name(), attempt));
  }

  @Override
  public void recorded(ScheduledRun run) {
    ProductRegistration registration = registered.get(run.product());
    if (registration == null) {
      return;
    }
    ProductRun reported = new ProductRun(run.task(), run.attempt(), run.startedAt().toString(), run.endedAt().toString(),
        run.status().name().toLowerCase(), run.rows().isPresent() ? run.rows().getAsLong() : null,
        run.before().map(TableFiles::liveFiles).orElse(null), run.after().map(TableFiles::liveFiles).orElse(null),
        run.message().orElse(null));
    try {
      client.reportRun(registration.domain(), registration.name(), reported);
    } catch (RuntimeException e) {
      LOG.warn("Product {}: could not report its {} run to the catalog: {}", run.product(), run.task(), e.getMessage());
    }
  }

  private void sampleAll() {
    running.values().forEach(this::sample);
    running.values().forEach(this::followRetirement);
  }

  /** Notes when the catalog has retired a running product's major, for the session to stop it. */
  private void followRetirement(Run run) {
    RunningProduct product = run.meter().product();
    ProductRegistration registration = registered.get(product.plan().versionedName());
    long major = SemanticVersion.major(registration.version());
    quietly(product, "(asking whether it is retired)", () -> client.majors(registration.domain(), registration.name()).stream()
        .filter(m -> m.major() == major && m.retiredAt() != null).findFirst()
        .ifPresent(m -> retired.put(product.plan().versionedName(), "retired in the catalog at " + m.retiredAt() + ": " + m.retiredBecause())));
  }

  @Override
  public Optional<String> retired(ProductPlan plan) {
    return Optional.ofNullable(retired.get(plan.versionedName()));
  }

  private void sample(Run run) {
    RunningProduct product = run.meter().product();
    ProductRegistration registration = registered.get(product.plan().versionedName());
    quietly(product, "metrics", () -> client.reportMetrics(registration.domain(), registration.name(), run.meter().sample(clock.instant())));
    quietly(product, "dead letters", () -> run.deadLetters().report(clock.instant())
        .ifPresent(letters -> client.reportDeadLetters(registration.domain(), registration.name(), letters)));
  }

  private static void quietly(RunningProduct product, String what, Runnable report) {
    try {
      report.run();
    } catch (RuntimeException e) {
      LOG.warn("Product {}: could not report {} to the catalog: {}", product.plan().product(), what, e.getMessage());
    }
  }

  /** Stops sampling; products still running get a last sample. */
  @Override
  public void close() {
    samples.shutdownNow();
    running.values().forEach(this::sample);
    running.values().forEach(run -> run.deadLetters().close());
    running.clear();
  }
}
