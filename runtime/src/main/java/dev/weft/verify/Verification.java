package dev.weft.verify;

import dev.weft.jobs.sink.SourcePositions;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * What {@link TopicTableVerifier} found for one product.
 *
 * @param snapshotId the table snapshot that was compared, empty when the table has none
 * @param position the input position the table records there: empty when the product has not
 *     committed to it yet (nothing is compared); no partitions when its commits record no position
 *     (a product whose records lose their origin: the whole topic is compared)
 * @param comparedTopicRecords topic records within the position, that were compared
 * @param tableRows rows the table holds at the snapshot
 * @param beyondPosition topic records from input past the position (committed to the topic, not
 *     yet to the table, or written after the table was read): left out
 * @param unplaced topic records without origin after the last one within the position, while the
 *     topic holds records past it: which side of the position they are on is unknown; left out
 */
public record Verification(
    String product, String topic, String table, boolean upsert, Optional<Long> snapshotId, Optional<SourcePositions> position,
    long comparedTopicRecords, long tableRows, long beyondPosition, long unplaced, List<Difference> differences) {

  public Verification {
    differences = List.copyOf(differences);
  }

  public boolean agrees() {
    return differences.isEmpty();
  }

  /** A summary line, then at most {@code maxListed} differences and how many more there are. */
  public void print(PrintWriter out, int maxListed) {
    String upTo = position.map(p -> p.isEmpty() ? "the whole topic (the table records no input position)" : "input position " + p.toJson())
        .orElse("nothing (the product has not committed to its table yet)");
    out.println(product + ": topic " + topic + " and table " + table + (agrees() ? " agree" : " DISAGREE") + " up to " + upTo
        + snapshotId.map(id -> " (snapshot " + id + ")").orElse(" (no snapshot yet)"));
    out.println("  " + (upsert ? "latest row per key" : "rows by input record") + ": " + comparedTopicRecords + " topic record(s) compared with "
        + tableRows + " table row(s)" + (beyondPosition > 0 ? "; " + beyondPosition + " topic record(s) past the position left out" : "")
        + (unplaced > 0 ? "; " + unplaced + " topic record(s) without origin after it left out" : ""));
    if (!agrees()) {
      differences.stream().limit(maxListed).forEach(d -> out.println("  " + d.describe()));
      if (differences.size() > maxListed) {
        out.println("  … and " + (differences.size() - maxListed) + " more (" + differences.size() + " difference(s) in all)");
      } else {
        out.println("  " + differences.size() + " difference(s)");
      }
    }
    out.flush();
  }
}
