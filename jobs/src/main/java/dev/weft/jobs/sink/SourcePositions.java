package dev.weft.jobs.sink;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * For each input topic partition, the offset of the last input record a commit covers: every
 * record up to it was read, and its output (if any) is in the commit or in the state saved with it.
 * Stored as JSON ({@code {"topic":{"0":41,"1":17}}}) in each Iceberg snapshot summary.
 */
public final class SourcePositions implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SourcePositions EMPTY = new SourcePositions(new TreeMap<>());

  private final TreeMap<String, TreeMap<Integer, Long>> offsets;

  private SourcePositions(TreeMap<String, TreeMap<Integer, Long>> offsets) {
    this.offsets = offsets;
  }

  public static SourcePositions empty() {
    return EMPTY;
  }

  public static SourcePositions fromJson(String json) {
    try {
      Map<String, Map<String, Long>> parsed = JSON.readValue(json, new TypeReference<>() {});
      TreeMap<String, TreeMap<Integer, Long>> offsets = new TreeMap<>();
      parsed.forEach((topic, partitions) -> partitions.forEach((p, o) ->
          offsets.computeIfAbsent(topic, t -> new TreeMap<>()).put(Integer.parseInt(p), o)));
      return new SourcePositions(offsets);
    } catch (IOException | NumberFormatException e) {
      throw new IllegalArgumentException("not a source positions document: " + json, e);
    }
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(offsets);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean isEmpty() {
    return offsets.isEmpty();
  }

  public Map<String, ? extends Map<Integer, Long>> offsets() {
    return java.util.Collections.unmodifiableMap(offsets);
  }

  /** The positions in one topic, by partition; empty if there are none. */
  public Map<Integer, Long> partitions(String topic) {
    TreeMap<Integer, Long> partitions = offsets.get(topic);
    return partitions == null ? Map.of() : java.util.Collections.unmodifiableMap(partitions);
  }

  /** Per partition, the later of the two positions. */
  public SourcePositions merge(SourcePositions other) {
    if (other.isEmpty()) {
      return this;
    }
    TreeMap<String, TreeMap<Integer, Long>> merged = copy();
    other.offsets.forEach((topic, partitions) -> partitions.forEach((p, o) ->
        merged.computeIfAbsent(topic, t -> new TreeMap<>()).merge(p, o, Math::max)));
    return new SourcePositions(merged);
  }

  /** The partitions where {@code other} is further than this, as {@code topic/partition@offset}. */
  public List<String> behind(SourcePositions other) {
    List<String> ahead = new ArrayList<>();
    other.offsets.forEach((topic, partitions) -> partitions.forEach((p, o) -> {
      Long mine = offsets.getOrDefault(topic, new TreeMap<>()).get(p);
      if (mine == null || mine < o) {
        ahead.add(topic + "/" + p + "@" + o + " (here: " + (mine == null ? "none" : mine) + ")");
      }
    }));
    return ahead;
  }

  private TreeMap<String, TreeMap<Integer, Long>> copy() {
    TreeMap<String, TreeMap<Integer, Long>> copy = new TreeMap<>();
    offsets.forEach((topic, partitions) -> copy.put(topic, new TreeMap<>(partitions)));
    return copy;
  }

  /**
   * Collects the positions of records as an input reads them. Called for every record, so it keys
   * by the topic as the record holds it (a Kafka record's String, a row's string bytes) and only
   * makes strings of the latter when drained.
   */
  public static final class Tracker {
    private final java.util.HashMap<Object, java.util.HashMap<Integer, long[]>> offsets = new java.util.HashMap<>();

    public void saw(org.apache.flink.table.data.StringData topic, int partition, long offset) {
      java.util.HashMap<Integer, long[]> partitions = offsets.get(topic);
      if (partitions == null) {
        partitions = new java.util.HashMap<>();
        // the row may be reused for the next record: keep a copy of the key
        offsets.put(org.apache.flink.table.data.StringData.fromBytes(topic.toBytes()), partitions);
      }
      saw(partitions, partition, offset);
    }

    public void saw(String topic, int partition, long offset) {
      saw(offsets.computeIfAbsent(topic, t -> new java.util.HashMap<>()), partition, offset);
    }

    private static void saw(java.util.HashMap<Integer, long[]> partitions, int partition, long offset) {
      long[] last = partitions.get(partition);
      if (last == null) {
        partitions.put(partition, new long[] {offset});
      } else if (offset > last[0]) {
        last[0] = offset;
      }
    }

    /** A position seen: topic, partition, highest offset. */
    public interface Seen {
      void accept(String topic, int partition, long offset);
    }

    /** Each position seen since the last drain, leaving them in place. */
    public void forEach(Seen seen) {
      offsets.forEach((topic, partitions) -> {
        String name = topic.toString();
        partitions.forEach((partition, offset) -> seen.accept(name, partition, offset[0]));
      });
    }

    /** What was seen since the last drain; starts afresh. */
    public SourcePositions drain() {
      if (offsets.isEmpty()) {
        return EMPTY;
      }
      TreeMap<String, TreeMap<Integer, Long>> seen = new TreeMap<>();
      offsets.forEach((topic, partitions) -> {
        TreeMap<Integer, Long> copy = seen.computeIfAbsent(topic.toString(), t -> new TreeMap<>());
        partitions.forEach((p, o) -> copy.merge(p, o[0], Math::max));
      });
      offsets.clear();
      return new SourcePositions(seen);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SourcePositions other && offsets.equals(other.offsets);
  }

  @Override
  public int hashCode() {
    return offsets.hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
