package dev.weft.execute;

import dev.weft.jobs.redrive.LetterReplay;
import dev.weft.jobs.redrive.StillFailing;
import dev.weft.jobs.sink.ReadPositionReporter;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.RulePlan;
import dev.weft.jobs.quality.DeadLetterFactory;
import dev.weft.translate.JobSettings;
import dev.weft.translate.RedriveJobBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-drives a product's dead letters ({@code weft redrive}): puts the original inputs of its letters
 * through the product's current parser, transform and rules, publishes those that pass to its topic and
 * table exactly once, with their original origin, and counts those that still fail, which stay where they
 * are. See docs/redrive.md for how it stays exactly-once when it runs twice or is killed.
 *
 * <p>It holds the product's writer lease, so the product does not run meanwhile: the product's committer
 * writes the table's position as it read it when it started (an Iceberg retry after a concurrent commit
 * keeps that summary), and its own dead letters would keep arriving in the topic the re-drive reads.
 */
public final class ProductRedrive {
  private static final Logger LOG = LoggerFactory.getLogger(ProductRedrive.class);
  private static final Duration CHECK_EVERY = Duration.ofMillis(200);
  private static final int MAX_REFUSED_STOPS = 300;
  private static final Duration END_PATIENCE = Duration.ofMinutes(2);

  private final ProductRunner runner;

  public ProductRedrive(ProductRunner runner) {
    this.runner = runner;
  }

  /** What the user asked for: which letters, and whether to publish. */
  public record Request(Optional<String> rule, Optional<Instant> since, boolean dryRun) {}

  /**
   * What a re-drive did.
   *
   * @param counts what its job counted: letters read, selected, published (or that would be), …
   * @param stillFailing per rule, the selected letters the current version still rejects
   * @param completedEarlier the checkpoint of a re-drive killed earlier that this one completed first
   */
  public record Report(String runId, boolean dryRun, Counts counts, Map<String, Long> stillFailing, Optional<String> completedEarlier,
      Map<TopicPartition, Long> readUpTo) {}

  /** The counts of one re-drive, as its job's accumulators give them. */
  public record Counts(long letters, long notSelected, long alreadyRedriven, long withoutSource, long sourceGone, long replayed,
      long passed, long stillFailingLetters) {
    static Counts of(Map<String, Object> accumulators) {
      return new Counts(count(accumulators, LetterReplay.LETTERS), count(accumulators, LetterReplay.NOT_SELECTED),
          count(accumulators, LetterReplay.ALREADY_REDRIVEN), count(accumulators, LetterReplay.WITHOUT_SOURCE),
          count(accumulators, LetterReplay.SOURCE_GONE), count(accumulators, LetterReplay.REPLAYED),
          count(accumulators, dev.weft.jobs.RecordCounters.RECORDS_VALID), count(accumulators, StillFailing.ALL));
    }

    /** Replayed records the transform dropped (a WHERE clause): neither published nor failing. */
    public long filteredOut() {
      return replayed - passed - stillFailingLetters;
    }
  }

  /**
   * Why a product cannot be re-driven, or empty when it can: one Kafka input read as appends, into an
   * append product run as a stream.
   */
  public static Optional<String> unsupported(ProductPlan plan) {
    if (plan.batch()) {
      return Optional.of("product " + plan.product() + " is a batch product: a batch run reads its inputs whole again, dead letters included");
    }
    if (plan.upsert()) {
      return Optional.of("product " + plan.product() + " is an upsert product (schema.primaryKey): a re-driven letter would publish an "
          + "old row of its key over newer ones; re-drive works for append products");
    }
    if (plan.inputs().size() != 1 || !plan.inputs().get(0).fromKafka() || plan.inputs().get(0).primaryKeyIndexes().length > 0) {
      return Optional.of("product " + plan.product() + " reads " + plan.inputs().size() + " input(s): a re-drive replays one input's records "
          + "without the state of a join or of an upsert input, so it works for products with one append Kafka input");
    }
    return Optional.empty();
  }

  /** The rule names a --rule may give: the product's, and those its letters broke (rules of earlier versions among them). */
  public static Set<String> ruleNames(ProductPlan plan, Map<String, Long> lettersPerRule) {
    Set<String> names = new TreeSet<>(lettersPerRule.keySet());
    plan.rules().stream().map(RulePlan::name).forEach(names::add);
    names.add(DeadLetterFactory.PARSE_RULE);
    return names;
  }

  /**
   * Re-drives the product's letters.
   *
   * @throws IllegalArgumentException for a request that cannot be made (a product it does not support, an unknown rule)
   * @throws ProductAlreadyRunningException while the product runs
   */
  public Report run(ProductPlan plan, Request request) throws InterruptedException {
    unsupported(plan).ifPresent(reason -> {
      throw new IllegalArgumentException(reason);
    });
    String topic = plan.names().deadLetterTopic();
    if (!new TopicProvisioner(runner.admin()).missing(Set.of(topic)).isEmpty()) {
      throw new IllegalArgumentException("product " + plan.product() + " has no dead-letter topic " + topic + " yet: run it first");
    }
    IcebergTables.load(runner.catalog(), plan); // says what to do when the table is missing
    String runId = UUID.randomUUID().toString();
    WriterLease lease = runner.leases().acquire(plan.versionedName(), LeaseHolder.local(new JobID()));
    try {
      Optional<Path> killed = RetainedCheckpoints.newest(checkpointDirectory(plan));
      if (killed.isPresent() && request.dryRun()) {
        throw new IllegalArgumentException("a re-drive of " + plan.product() + " killed earlier left checkpoint " + killed.get()
            + ": run weft redrive without --dry-run, which completes it first");
      }
      Optional<String> completed = killed.isPresent() ? Optional.of(completeKilledRun(plan, runId, killed.get())) : Optional.empty();
      settleOpenTransactions(plan);
      DeadLetterScan scan = DeadLetterScan.of(topic, runner.admin(), runner.kafka());
      Map<String, Long> lettersPerRule = scan.lettersPerRule();
      request.rule().ifPresent(rule -> {
        Set<String> known = ruleNames(plan, lettersPerRule);
        if (!known.contains(rule)) {
          throw new IllegalArgumentException("product " + plan.product() + " has no rule '" + rule + "' and no dead letter that broke one; "
              + "rules of version " + plan.version() + " and of its letters: " + String.join(", ", known));
        }
      });
      if (request.dryRun()) {
        return dryRun(plan, request, runId, scan);
      }
      Map<String, Object> accumulators = scan.lastRecords().isEmpty() ? Map.of() : redrive(plan, request, runId, scan);
      deleteCheckpoints(plan);
      return new Report(runId, false, Counts.of(accumulators), stillFailing(accumulators), completed, scan.lastRecords());
    } finally {
      runner.leases().release(lease);
    }
  }

  private Report dryRun(ProductPlan plan, Request request, String runId, DeadLetterScan scan) throws InterruptedException {
    Map<String, Object> accumulators = Map.of();
    if (!scan.lastRecords().isEmpty()) {
      JobID job = submit(plan, selection(request, runId, scan, Optional.of(scan.ends())), Optional.empty());
      try {
        runner.cluster().result(job).get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("the dry run of the re-drive of " + plan.product() + " failed: " + e.getCause().getMessage(), e);
      }
      accumulators = runner.cluster().accumulators(job);
    }
    return new Report(runId, true, Counts.of(accumulators), stillFailing(accumulators), Optional.empty(), scan.lastRecords());
  }

  /**
   * A re-drive killed earlier left a checkpoint: restoring it commits what it held pending (topic
   * transactions, markers, table files) exactly once; the job is stopped as soon as it runs, and this
   * re-drive then reads the dead letters afresh, skipping what the markers now name.
   */
  private String completeKilledRun(ProductPlan plan, String runId, Path killed) throws InterruptedException {
    String path = killed.toUri().toString();
    LOG.info("Product {}: completing the re-drive that left checkpoint {}", plan.product(), path);
    JobID job = submit(plan, new RedriveJobBuilder.Selection(runId, Optional.empty(), Optional.empty(), Set.of(), Optional.empty(), true),
        Optional.of(path));
    stopWithSavepoint(plan, job);
    return path;
  }

  /**
   * Leaves no transaction open on the dead-letter topic, where the scan and the job read committed: those a
   * killed re-drive left are aborted (what its checkpoint held was committed by restoring it, before this);
   * the product's are refused, since only its next start may decide them.
   */
  private void settleOpenTransactions(ProductPlan plan) {
    String prefix = plan.names().transactionalIdPrefix();
    {
      List<String> own = new java.util.ArrayList<>(OpenTransactions.of(runner.admin(), prefix + RedriveJobBuilder.TOPIC_TRANSACTIONS + "-"));
      own.addAll(OpenTransactions.of(runner.admin(), prefix + RedriveJobBuilder.MARKER_TRANSACTIONS + "-"));
      if (!own.isEmpty()) {
        LOG.info("Product {}: aborting the transactions a killed re-drive left open: {}", plan.product(), own);
        OpenTransactions.abort(runner.kafka(), own);
      }
    }
    List<String> product = OpenTransactions.of(runner.admin(), plan.names().transactionalIds()).stream()
        .filter(id -> !id.startsWith(prefix + RedriveJobBuilder.TOPIC_TRANSACTIONS + "-")
            && !id.startsWith(prefix + RedriveJobBuilder.MARKER_TRANSACTIONS + "-"))
        .toList();
    if (!product.isEmpty()) {
      throw new IllegalArgumentException("product " + plan.product() + " left transactions open (it was killed, or is stopping): "
          + String.join(", ", product) + "; run it once (weft run --until-idle), which commits or aborts them, then re-drive");
    }
  }

  /** Runs the re-drive until it has read every letter up to where the topic ended at the start, then stops it with a savepoint. */
  private Map<String, Object> redrive(ProductPlan plan, Request request, String runId, DeadLetterScan scan) throws InterruptedException {
    JobID job = submit(plan, selection(request, runId, scan, Optional.empty()), Optional.empty());
    while (!readUpTo(runner.cluster().accumulators(job), scan.lastRecords())) {
      if (ended(job)) {
        throw failed(plan, job);
      }
      Thread.sleep(CHECK_EVERY.toMillis());
    }
    stopWithSavepoint(plan, job);
    return runner.cluster().accumulators(job);
  }

  private void stopWithSavepoint(ProductPlan plan, JobID job) throws InterruptedException {
    for (int refused = 0; ; refused++) {
      if (ended(job)) {
        throw failed(plan, job);
      }
      try {
        runner.cluster().stopWithSavepoint(job, checkpointDirectory(plan).resolve(job.toString()));
        runner.cluster().awaitEnded(job, END_PATIENCE);
        return;
      } catch (RuntimeException notYet) {
        // not every task runs yet: try again
        if (refused == MAX_REFUSED_STOPS) {
          throw new IllegalStateException("the re-drive of " + plan.product() + " has read its letters, but Flink refused " + refused
              + " times to stop it with a savepoint; last: " + notYet.getMessage(), notYet);
        }
      }
      Thread.sleep(CHECK_EVERY.toMillis());
    }
  }

  private boolean ended(JobID job) {
    return !runner.cluster().isRunning() || runner.cluster().status(job).isGloballyTerminalState();
  }

  private IllegalStateException failed(ProductPlan plan, JobID job) {
    String why = runner.cluster().restarts(job).lastFailure().orElse("it ended");
    return new IllegalStateException("the re-drive of " + plan.product() + " stopped before it had read its letters: " + why
        + "; run weft redrive again: it completes what was committed and publishes nothing twice");
  }

  private static boolean readUpTo(Map<String, Object> accumulators, Map<TopicPartition, Long> targets) {
    return targets.entrySet().stream().allMatch(target ->
        accumulators.get(ReadPositionReporter.readAccumulator(target.getKey().topic(), target.getKey().partition())) instanceof Long read
            && read >= target.getValue());
  }

  private static RedriveJobBuilder.Selection selection(Request request, String runId, DeadLetterScan scan,
      Optional<Map<TopicPartition, Long>> dryRunEnds) {
    return new RedriveJobBuilder.Selection(runId, request.rule(), request.since(), scan.redriven(), dryRunEnds, false);
  }

  private JobID submit(ProductPlan plan, RedriveJobBuilder.Selection selection, Optional<String> restore) {
    var options = runner.options();
    var dryRunEnds = selection.dryRunEnds();
    if (dryRunEnds.isEmpty()) {
      TransactionTimeoutCheck.check(plan.product(), options, runner.admin());
    }
    var topicSchemas = TopicSchemaRegistration.register(plan, TopicSchemaRegistration.registryFor(plan, options));
    JobSettings settings = ProductJobSettings.of(options, KafkaClients.forJobsOf(plan.domain(), runner.kafka(), options),
        runner.catalogSettings().taskLoader(runner.secrets()), Map.of(), Map.of(), new ChangeInputStarts(Set.of(), Map.of()), false,
        Optional.empty(), runner.secrets(), CommitOptions.of(options, checkpointDirectory(plan)), topicSchemas);
    var config = ProductRunner.jobConfiguration(options, checkpointDirectory(plan));
    if (dryRunEnds.isPresent()) {
      // it commits nothing, and must leave no checkpoint that a re-drive would take for a killed one's
      config.removeConfig(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTING_INTERVAL);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.setParallelism(settings.parallelism());
    RedriveJobBuilder.build(env, plan, settings, selection);
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName("weft redrive " + plan.versionedName() + (dryRunEnds.isPresent() ? " (dry run)" : ""));
    restore.ifPresent(path -> graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(path, false)));
    JobGraph jobGraph = graph.getJobGraph();
    return runner.cluster().submit(jobGraph);
  }

  /** Where a re-drive keeps its checkpoints while it runs: a killed one leaves them for the next to complete. */
  public Path checkpointDirectory(ProductPlan plan) {
    return ProductRunner.checkpointDirectory(runner.options().get(WeftOptions.WORK_DIR), plan).resolveSibling(plan.names().topic() + ".redrive");
  }

  /**
   * A re-drive that ended committed everything: the next one reads the letters afresh, not from where this
   * one stopped. Flink discards the ended job's checkpoints at the same time, so files may go while listed.
   */
  private void deleteCheckpoints(ProductPlan plan) throws InterruptedException {
    Path folder = checkpointDirectory(plan);
    for (int attempt = 1; Files.exists(folder); attempt++) {
      try (Stream<Path> all = Files.walk(folder)) {
        for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      } catch (IOException | UncheckedIOException e) {
        if (attempt == 20) {
          throw new IllegalStateException("the re-drive of " + plan.product() + " ended, but its checkpoints in " + folder
              + " could not be removed; remove them before the next re-drive: " + e.getMessage(), e);
        }
        Thread.sleep(100);
      }
    }
  }

  private static Map<String, Long> stillFailing(Map<String, Object> accumulators) {
    Map<String, Long> perRule = new TreeMap<>();
    accumulators.forEach((name, value) -> {
      if (name.startsWith(StillFailing.PREFIX) && value instanceof Long count) {
        perRule.put(name.substring(StillFailing.PREFIX.length()), count);
      }
    });
    return perRule;
  }

  private static long count(Map<String, Object> accumulators, String name) {
    return accumulators.get(name) instanceof Long value ? value : 0;
  }
}
