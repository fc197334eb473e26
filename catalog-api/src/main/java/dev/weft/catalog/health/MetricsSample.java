package dev.weft.catalog.health;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What a running product reports for one interval ending at {@code timestamp}: the counters are what
 * happened during the interval, the retained and storage bytes are what was held during it, and
 * {@code newestEventTime} is the event time of the newest record committed so far (may be absent).
 * {@code consumerGroups} are the consumer groups reading the product's topic with their lag (records
 * behind the end of the topic) and, when reported, their active members and state at {@code timestamp}.
 * Timestamps are ISO-8601 instants ({@code 2026-12-01T10:00:00Z}).
 */
public record MetricsSample(
    String timestamp,
    Long intervalSeconds,
    long recordsIn,
    long recordsOut,
    long recordsRejected,
    long bytesToTopic,
    long bytesToTable,
    BigDecimal cpuSeconds,
    long kafkaBytesIn,
    long kafkaBytesOut,
    long kafkaBytesRetained,
    long icebergBytes,
    String newestEventTime,
    List<ConsumerGroupLag> consumerGroups) {

  /**
   * @param members the group's active members at {@code timestamp}; null when not reported
   * @param state the group's state as Kafka names it ({@code Stable}, {@code Empty}); null when not reported
   */
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  public record ConsumerGroupLag(String group, Long lag, Integer members, String state) {
    public ConsumerGroupLag(String group, Long lag) {
      this(group, lag, null, null);
    }

    /** What is wrong with a list of groups given as {@code consumerGroups}, each problem naming its field. */
    public static List<String> problems(List<ConsumerGroupLag> groups) {
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < groups.size(); i++) {
        ConsumerGroupLag group = groups.get(i);
        if (group == null || group.group() == null || group.group().isBlank()) {
          problems.add("consumerGroups[" + i + "].group: missing");
        }
        if (group != null && group.lag() == null) {
          problems.add("consumerGroups[" + i + "].lag: missing");
        } else if (group != null && group.lag() < 0) {
          problems.add("consumerGroups[" + i + "].lag: must not be negative, was " + group.lag());
        }
        if (group != null && group.members() != null && group.members() < 0) {
          problems.add("consumerGroups[" + i + "].members: must not be negative, was " + group.members());
        }
      }
      return problems;
    }
  }

  public MetricsSample {
    cpuSeconds = cpuSeconds == null ? BigDecimal.ZERO : cpuSeconds;
    consumerGroups = consumerGroups == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(consumerGroups));
  }

  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (timestamp == null) {
      problems.add("timestamp: missing");
    } else if (Instants.parseOrNull(timestamp) == null) {
      problems.add("timestamp: must be an ISO-8601 instant such as 2026-12-01T10:00:00Z, was '" + timestamp + "'");
    }
    if (intervalSeconds == null) {
      problems.add("intervalSeconds: missing");
    } else if (intervalSeconds < 1) {
      problems.add("intervalSeconds: must be at least 1, was " + intervalSeconds);
    }
    notNegative(problems, "recordsIn", recordsIn);
    notNegative(problems, "recordsOut", recordsOut);
    notNegative(problems, "recordsRejected", recordsRejected);
    notNegative(problems, "bytesToTopic", bytesToTopic);
    notNegative(problems, "bytesToTable", bytesToTable);
    if (cpuSeconds.signum() < 0) {
      problems.add("cpuSeconds: must not be negative, was " + cpuSeconds.toPlainString());
    }
    notNegative(problems, "kafkaBytesIn", kafkaBytesIn);
    notNegative(problems, "kafkaBytesOut", kafkaBytesOut);
    notNegative(problems, "kafkaBytesRetained", kafkaBytesRetained);
    notNegative(problems, "icebergBytes", icebergBytes);
    if (newestEventTime != null && Instants.parseOrNull(newestEventTime) == null) {
      problems.add("newestEventTime: must be an ISO-8601 instant such as 2026-12-01T10:00:00Z, was '" + newestEventTime + "'");
    }
    problems.addAll(ConsumerGroupLag.problems(consumerGroups));
    return problems;
  }

  private static void notNegative(List<String> problems, String field, long value) {
    if (value < 0) {
      problems.add(field + ": must not be negative, was " + value);
    }
  }
}
