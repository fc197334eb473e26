package dev.weft.cli;

import dev.weft.schedule.ScheduleStore;
import dev.weft.plan.BatchWindow;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.execute.EncryptionKeys;
import dev.weft.execute.ProductRunListener;
import dev.weft.execute.ProductRunListener.ProductRefusedException;
import dev.weft.plan.CronWindows;
import dev.weft.schedule.RunHistory;
import dev.weft.schedule.RunnerBatchRuns;
import dev.weft.execute.ScheduledRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft backfill SPEC… --from … --to …}: a batch product's runs for every window of a past range. */
@Command(name = "backfill", description = "Run a batch product once for every window of its cron inside [--from, --to], oldest first, "
    + "replacing the partitions each window writes.")
final class BackfillCommand implements Callable<Integer> {
  /** Characters of the progress bar. */
  static final int BAR = 20;

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files or folders: the batch product and the products it reads.")
  List<Path> specs;

  @Option(names = "--product", paramLabel = "DOMAIN.NAME", description = "The batch product to backfill; needed when the specs hold several.")
  String product;

  @Option(names = "--from", required = true, paramLabel = "WHEN", converter = InstantConverter.class,
      description = "Start of the range: a UTC date (2026-11-01) or an instant (2026-11-01T03:00:00Z).")
  Instant from;

  @Option(names = "--to", required = true, paramLabel = "WHEN", converter = InstantConverter.class, description = "End of the range, as --from.")
  Instant to;

  @Mixin RuntimeFlags flags = new RuntimeFlags();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    if (!to.isAfter(from)) {
      err.println("--to (" + to + ") must come after --from (" + from + ")");
      return 2;
    }
    ProductSet set = ProductSet.compile(specs);
    List<ProductPlan> batch = set.plans().stream().filter(ProductPlan::batch).toList();
    Optional<ProductPlan> chosen = product == null && batch.size() == 1
        ? Optional.of(batch.get(0))
        : set.plans().stream().filter(p -> p.product().equals(product)).findFirst();
    if (chosen.isEmpty()) {
      err.println(product == null
          ? "give --product: the specs hold " + (batch.isEmpty() ? "no batch product" : "the batch products "
              + batch.stream().map(ProductPlan::product).collect(Collectors.joining(", ")))
          : "no product " + product + " in the specs given");
      return 2;
    }
    ProductPlan plan = chosen.get();
    if (!plan.batch()) {
      err.println("product " + plan.product() + " streams: only batch products (schedule.mode: batch) have windows to backfill");
      return 2;
    }
    String cron = plan.batchCron().orElseThrow();
    List<BatchWindow> windows = new CronWindows(cron).within(from, to);
    if (windows.isEmpty()) {
      err.println("no window of cron '" + cron + "' lies within " + from + " .. " + to);
      return 2;
    }
    Configuration options = flags.checkedConfiguration();
    // before any service starts: a missing key is the user's to fix
    EncryptionKeys.check(List.of(plan), EncryptionKeys.lookup(options));
    try (ProductServices services = ProductServices.open(options, out)) {
      // each window's run is reported to the catalog like a scheduled one
      ProductRunListener reporter = services.catalog().reporter(set, services.runner(), options, out);
      try {
        reporter.submitting(List.of(plan));
      } catch (ProductRefusedException e) {
        out.println(e.getMessage());
        return 1;
      }
      RunnerBatchRuns runs = new RunnerBatchRuns(services.runner(), List.of(plan), reporter);
      RunHistory history = new RunHistory(ScheduleStore.of(services.runner().catalogSettings()));
      out.println("backfilling " + plan.product() + ": " + windows.size() + " window(s) of cron '" + cron + "'");
      out.flush();
      for (int i = 0; i < windows.size(); i++) {
        BatchWindow window = windows.get(i);
        Instant started = Instant.now();
        long rows;
        try {
          rows = runs.run(plan, window);
        } catch (Exception e) {
          record(history, reporter, new ScheduledRun(plan.versionedName(), "backfill", 1, started, Instant.now(), ScheduledRun.Status.FAILED,
              Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.of(window + ": " + e.getMessage())));
          out.println("window " + window + " failed: " + e.getMessage());
          out.println("the " + i + " window(s) before it are done; backfill again with --from " + window.start());
          return 1;
        }
        record(history, reporter, new ScheduledRun(plan.versionedName(), "backfill", 1, started, Instant.now(), ScheduledRun.Status.SUCCEEDED,
            Optional.empty(), Optional.empty(), OptionalLong.of(rows), Optional.empty()));
        out.println(bar(i + 1, windows.size()) + " " + (i + 1) + "/" + windows.size() + "  " + window + "  " + rows + " rows");
        out.flush();
      }
    }
    return 0;
  }

  private static void record(RunHistory history, ProductRunListener reporter, ScheduledRun run) throws java.sql.SQLException {
    history.record(run);
    reporter.recorded(run);
  }

  static String bar(int done, int total) {
    int filled = (int) Math.round((double) BAR * done / total);
    return "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "]";
  }
}
