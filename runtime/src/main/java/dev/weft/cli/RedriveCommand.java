package dev.weft.cli;

import dev.weft.execute.ProductAlreadyRunningException;
import dev.weft.execute.ProductRedrive;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft redrive SPEC}: puts a product's dead letters through its current version again; those that
 * pass are published exactly once with their original origin, the others stay and are counted per rule.
 * Prints counts and positions only, never a record's values.
 */
@Command(name = "redrive", description = "Put a stopped product's dead letters through its current version: publish those that now pass "
    + "to its topic and table exactly once (with their original origin), count those that still fail per rule (they stay).")
final class RedriveCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(arity = "1", paramLabel = "SPEC", description = "The product's spec file (its current version).")
  Path spec;

  @Option(names = "--rule", paramLabel = "NAME", description = "Only letters that broke this rule (a rule of the product, "
      + "'parse', 'not-null:<column>', or a rule of an earlier version that letters broke).")
  String rule;

  @Option(names = "--since", paramLabel = "WHEN", converter = PastInstantConverter.class,
      description = "Only letters that failed at or after WHEN: a UTC date (2026-11-01), an instant (2026-11-01T03:00:00Z) or a duration back from now (2h, 7d).")
  Instant since;

  @Option(names = "--dry-run", description = "Publish nothing; report how many letters would pass and how many still fail, per rule.")
  boolean dryRun;

  @Mixin RuntimeFlags flags = new RuntimeFlags();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    ProductSet set = ProductSet.compile(java.util.List.of(spec));
    if (set.plans().size() != 1) {
      err.println("weft redrive takes the spec of one product; " + spec + " holds " + set.plans().size());
      return 2;
    }
    ProductPlan plan = set.plans().get(0);
    Optional<String> unsupported = ProductRedrive.unsupported(plan);
    if (unsupported.isPresent()) {
      err.println("cannot re-drive: " + unsupported.get());
      return 2;
    }
    Configuration options = flags.checkedConfiguration();
    ProductServices services;
    try {
      services = ProductServices.open(options, out);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    try (services) {
      ProductRedrive.Report report;
      try {
        report = new ProductRedrive(services.runner()).run(plan,
            new ProductRedrive.Request(Optional.ofNullable(rule), Optional.ofNullable(since), dryRun));
      } catch (ProductAlreadyRunningException e) {
        err.println("cannot re-drive while the product runs: " + e.getMessage());
        return 1;
      } catch (IllegalArgumentException e) {
        err.println("cannot re-drive: " + e.getMessage());
        return 2;
      }
      print(plan, report, out);
      return 0;
    }
  }

  /** Counts and positions only: a product with personal data keeps them out of its letters, and out of this too. */
  private void print(ProductPlan plan, ProductRedrive.Report report, PrintWriter out) {
    var counts = report.counts();
    out.println("re-drive " + report.runId() + " of " + plan.versionedName() + " with version " + plan.version()
        + (report.dryRun() ? " (dry run: nothing published)" : ""));
    report.completedEarlier().ifPresent(path -> out.println("completed first the re-drive killed earlier: restored " + path));
    out.println("dead letters read from " + plan.names().deadLetterTopic() + " up to " + report.readUpTo().entrySet().stream()
        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparingInt(org.apache.kafka.common.TopicPartition::partition)))
        .map(e -> e.getKey().partition() + "@" + e.getValue()).collect(Collectors.joining(", ", "", report.readUpTo().isEmpty() ? "(none)" : "")));
    line(out, "letters", counts.letters());
    if (rule != null || since != null) {
      line(out, "not selected" + (rule != null ? " (--rule " + rule + ")" : "") + (since != null ? " (--since " + since + ")" : ""),
          counts.notSelected());
    }
    line(out, "already re-driven", counts.alreadyRedriven());
    line(out, "without source", counts.withoutSource());
    line(out, "source gone", counts.sourceGone());
    line(out, report.dryRun() ? "would pass" : "published", counts.passed());
    line(out, "still failing", counts.stillFailingLetters());
    report.stillFailing().forEach((name, count) -> line(out, "  " + name, count));
    if (counts.filteredOut() != 0) {
      line(out, "filtered out by the transform", counts.filteredOut());
    }
    if (!report.dryRun() && counts.passed() > 0) {
      out.println("published to topic " + plan.names().topic() + " and table " + plan.names().qualifiedTable()
          + "; each letter's marker on " + plan.names().deadLetterTopic() + " names run " + report.runId());
    }
  }

  private static void line(PrintWriter out, String label, long count) {
    out.println(String.format("  %-30s %d", label + ":", count));
  }
}
