package dev.weft.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import dev.weft.jobs.sink.ProductSnapshot;
import dev.weft.jobs.sink.SourcePositions;
import dev.weft.verify.CommittedTopic.Entry;
import dev.weft.verify.Difference.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Checks that a product's topic and table hold the same records up to the input position the
 * table records (its snapshot's {@code weft.source-offsets}); topic records from input past that
 * position are committed to the topic but not yet to the table, and are left out.
 *
 * <p>Upsert products: the latest row per key on the topic (read_committed; a tombstone removes
 * the key) against the table's rows. Append products: table rows carry no origin, so the topic
 * records within the position are compared with the table's rows as a multiset of rows; a topic
 * row the table lacks is named by its origin, a table row the topic lacks by its values. Either
 * way, an input record whose row the topic holds twice is reported.
 *
 * <p>The table is read first, then the topic: on a running product the topic may be ahead of the
 * table (left out by position), never behind, except for the moment between a checkpoint's table
 * commit and its topic commit; check a stopped product, or check again.
 */
public final class TopicTableVerifier {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Properties kafka;
  private final Catalog catalog;

  public TopicTableVerifier(Properties kafka, Catalog catalog) {
    this.kafka = kafka;
    this.catalog = catalog;
  }

  /** @throws IllegalStateException when the product has no table or no topic yet */
  public Verification verify(ProductPlan plan) {
    return verify(plan, plan.names().topic());
  }

  /** Checks {@code topic} (the product's topic, or a copy of it) against the product's table. */
  public Verification verify(ProductPlan plan, String topic) {
    TableIdentifier id = IcebergTables.identifier(plan);
    if (!catalog.tableExists(id)) {
      throw new IllegalStateException("product " + plan.product() + " has no table yet (" + id + "): run it first");
    }
    Table table = catalog.loadTable(id);
    Snapshot snapshot = table.currentSnapshot();
    // no commit of the product yet: the table holds no input, every topic record is past its position
    Optional<SourcePositions> position = Optional.ofNullable(snapshot).flatMap(s -> positionAt(table, s));
    ComparableRows rows = new ComparableRows(table.schema());
    List<String> tableRows = snapshot == null ? List.of() : tableRows(table, snapshot, rows);
    Covered covered = covered(CommittedTopic.read(kafka, topic), position);
    List<Difference> differences = plan.upsert()
        ? compareLatestPerKey(covered.records, tableRows, rows, plan.primaryKey())
        : compareRows(covered.records, tableRows, rows);
    return new Verification(plan.product(), topic, id.toString(), plan.upsert(), Optional.ofNullable(snapshot).map(Snapshot::snapshotId),
        position, covered.records.size(), tableRows.size(), covered.beyond, covered.unplaced, differences);
  }

  /**
   * The position of the newest snapshot Weft committed at or before {@code snapshot} (maintenance
   * commits record none); empty when Weft has committed none.
   */
  private static Optional<SourcePositions> positionAt(Table table, Snapshot snapshot) {
    for (Snapshot s = snapshot; s != null; s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
      Optional<ProductSnapshot> ours = ProductSnapshot.of(s);
      if (ours.isPresent()) {
        return Optional.of(ours.get().positions());
      }
    }
    return Optional.empty();
  }

  private static List<String> tableRows(Table table, Snapshot snapshot, ComparableRows rows) {
    List<String> all = new ArrayList<>();
    List<String> columns = rows.columns();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).useSnapshot(snapshot.snapshotId()).build()) {
      records.forEach(r -> all.add(rows.ofRecord(r, columns)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read table " + table.name(), e);
    }
    return all;
  }

  private record Covered(List<Entry> records, long beyond, long unplaced) {}

  /**
   * The topic records whose input is within the position, in topic order per partition. A record
   * without origin is placed by its neighbours: a partition's records are in commit order, so one
   * before a record within the position is within it too; one after the last is counted within only
   * if no record of the topic is past the position.
   */
  private static Covered covered(List<List<Entry>> partitions, Optional<SourcePositions> position) {
    long beyond = 0;
    int[] lastWithin = new int[partitions.size()];
    for (int p = 0; p < partitions.size(); p++) {
      lastWithin[p] = -1;
      List<Entry> records = partitions.get(p);
      for (int i = 0; i < records.size(); i++) {
        Optional<Origin> origin = records.get(i).origin();
        if (origin.isPresent()) {
          if (within(origin.get(), position)) {
            lastWithin[p] = i;
          } else {
            beyond++;
          }
        }
      }
    }
    List<Entry> covered = new ArrayList<>();
    long unplaced = 0;
    for (int p = 0; p < partitions.size(); p++) {
      List<Entry> records = partitions.get(p);
      for (int i = 0; i < records.size(); i++) {
        Entry entry = records.get(i);
        if (entry.origin().isPresent()) {
          if (within(entry.origin().get(), position)) {
            covered.add(entry);
          }
        } else if (i < lastWithin[p] || beyond == 0 && position.isPresent()) {
          covered.add(entry);
        } else {
          unplaced++;
        }
      }
    }
    return new Covered(covered, beyond, unplaced);
  }

  /** Within a position; a commit that records no position (a product whose records lose their origin) covers everything. */
  private static boolean within(Origin origin, Optional<SourcePositions> committed) {
    if (committed.isEmpty()) {
      return false;
    }
    SourcePositions position = committed.get();
    if (position.isEmpty()) {
      return true;
    }
    Map<Integer, Long> partitions = position.offsets().get(origin.topic());
    Long last = partitions == null ? null : partitions.get(origin.partition());
    return last != null && origin.offset() <= last;
  }

  private static List<Difference> compareLatestPerKey(List<Entry> topic, List<String> table, ComparableRows rows, List<String> key) {
    List<String> columns = rows.columns();
    List<Difference> differences = new ArrayList<>(publishedTwice(topic, rows));
    // records of one key are in one partition, in order: the last one is the key's row
    Map<String, Entry> latest = new LinkedHashMap<>();
    for (Entry entry : topic) {
      if (entry.key() != null) {
        latest.put(rows.ofJson(json(entry.key()), key), entry);
      }
    }
    Map<String, String> onTopic = new TreeMap<>();
    Map<String, Optional<Origin>> origins = new HashMap<>();
    latest.forEach((k, entry) -> {
      if (entry.value() != null) {
        onTopic.put(k, rows.ofJson(json(entry.value()), columns));
        origins.put(k, entry.origin());
      }
    });
    Map<String, String> inTable = new TreeMap<>();
    for (String row : table) {
      String k = keyOf(row, key);
      if (inTable.put(k, row) != null) {
        differences.add(new Difference(Kind.KEY_TWICE_IN_TABLE, k, Optional.empty(), Optional.empty(), Optional.of(row)));
      }
    }
    onTopic.forEach((k, row) -> {
      String tableRow = inTable.get(k);
      if (tableRow == null) {
        differences.add(new Difference(Kind.NOT_IN_TABLE, k, origins.get(k), Optional.of(row), Optional.empty()));
      } else if (!tableRow.equals(row)) {
        differences.add(new Difference(Kind.DIFFERENT, k, origins.get(k), Optional.of(row), Optional.of(tableRow)));
      }
    });
    inTable.forEach((k, row) -> {
      if (!onTopic.containsKey(k)) {
        differences.add(new Difference(Kind.NOT_ON_TOPIC, k, Optional.empty(), Optional.empty(), Optional.of(row)));
      }
    });
    return differences;
  }

  private static List<Difference> compareRows(List<Entry> topic, List<String> table, ComparableRows rows) {
    List<String> columns = rows.columns();
    List<Difference> differences = new ArrayList<>(publishedTwice(topic, rows));
    Set<String> seen = new HashSet<>();
    Map<String, List<Optional<Origin>>> onTopic = new TreeMap<>();
    for (Entry entry : topic) {
      if (entry.value() == null) {
        continue;
      }
      String row = rows.ofJson(json(entry.value()), columns);
      // a record published twice is reported as such, and compared once
      if (entry.origin().isEmpty() || seen.add(entry.origin().get() + " " + row)) {
        onTopic.computeIfAbsent(row, r -> new ArrayList<>()).add(entry.origin());
      }
    }
    Map<String, Integer> inTable = new TreeMap<>();
    table.forEach(row -> inTable.merge(row, 1, Integer::sum));
    onTopic.forEach((row, origins) -> {
      int surplus = origins.size() - inTable.getOrDefault(row, 0);
      for (Optional<Origin> origin : origins.subList(origins.size() - Math.max(surplus, 0), origins.size())) {
        differences.add(new Difference(Kind.NOT_IN_TABLE, origin.map(Origin::toString).orElse(row), origin, Optional.of(row), Optional.empty()));
      }
    });
    inTable.forEach((row, count) -> {
      int surplus = count - onTopic.getOrDefault(row, List.of()).size();
      for (int i = 0; i < surplus; i++) {
        differences.add(new Difference(Kind.NOT_ON_TOPIC, row, Optional.empty(), Optional.empty(), Optional.of(row)));
      }
    });
    return differences;
  }

  /** Input records whose row the topic holds more than once: the same origin and the same row. */
  private static List<Difference> publishedTwice(List<Entry> topic, ComparableRows rows) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    Map<String, String> rowOf = new HashMap<>();
    for (Entry entry : topic) {
      if (entry.origin().isEmpty() || entry.value() == null) {
        continue;
      }
      String row = rows.ofJson(json(entry.value()), rows.columns());
      String id = entry.origin().get() + " " + row;
      counts.merge(id, 1, Integer::sum);
      rowOf.put(id, row);
    }
    List<Difference> twice = new ArrayList<>();
    counts.forEach((id, count) -> {
      if (count > 1) {
        twice.add(new Difference(Kind.PUBLISHED_TWICE, id.substring(0, id.indexOf(' ')) + " (" + count + " times)",
            Origin.parse(id.substring(0, id.indexOf(' '))), Optional.of(rowOf.get(id)), Optional.empty()));
      }
    });
    return twice;
  }

  /** The key columns of a row in comparable form, in the same form as a topic record's key. */
  private static String keyOf(String row, List<String> key) {
    JsonNode whole = json(row);
    com.fasterxml.jackson.databind.node.ObjectNode keyOnly = JSON.createObjectNode();
    key.forEach(column -> keyOnly.set(column, whole.get(column)));
    return keyOnly.toString();
  }

  private static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalStateException("a topic record is not JSON: " + new String(bytes, java.nio.charset.StandardCharsets.UTF_8), e);
    }
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
