package dev.weft.policy;

import dev.weft.plan.ProductNames;
import dev.weft.spec.Durations;
import dev.weft.spec.ProductSpec;
import dev.weft.spec.SpecPositions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How long data is kept stays within bounds: the topic's retention and the table's snapshots. */
public record RetentionPolicy(
    String name, Severity severity, Optional<Duration> topicMin, Optional<Duration> topicMax,
    Optional<Duration> snapshotsMin, Optional<Duration> snapshotsMax) implements Policy {

  @Override
  public List<PolicyViolation> check(ProductSpec spec, ProductNames names, SpecPositions positions) {
    List<PolicyViolation> violations = new ArrayList<>();
    Duration retention = spec.outputs().topic().retention();
    var topicAt = positions.nearest("outputs.topic.retention", "outputs.topic", "outputs", "metadata.name");
    topicMin.filter(min -> retention.compareTo(min) < 0).ifPresent(min -> violations.add(violation(topicAt,
        "topic retention " + Durations.format(retention) + " is below " + Durations.format(min) + "; set outputs.topic.retention to at least that")));
    topicMax.filter(max -> retention.compareTo(max) > 0).ifPresent(max -> violations.add(violation(topicAt,
        "topic retention " + Durations.format(retention) + " is above " + Durations.format(max) + "; set outputs.topic.retention to at most that")));
    var snapshotsAt = positions.nearest("outputs.table.keepSnapshots", "outputs.table", "outputs", "metadata.name");
    Optional<Duration> keep = spec.outputs().table().keepSnapshots();
    snapshotsMin.filter(min -> keep.isEmpty() || keep.get().compareTo(min) < 0).ifPresent(min -> violations.add(violation(snapshotsAt,
        "table snapshots are kept " + keep.map(Durations::format).orElse("without a limit set") + ", below " + Durations.format(min)
            + "; set outputs.table.keepSnapshots to at least that")));
    snapshotsMax.filter(max -> keep.isEmpty() || keep.get().compareTo(max) > 0).ifPresent(max -> violations.add(violation(snapshotsAt,
        "table snapshots are kept " + keep.map(Durations::format).orElse("forever") + ", above " + Durations.format(max)
            + "; set outputs.table.keepSnapshots to at most that")));
    return violations;
  }
}
