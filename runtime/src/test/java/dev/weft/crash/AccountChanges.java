package dev.weft.crash;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Seeded account changes for the crash products: few keys, so each changes many times, and a known
 * share that breaks each rule or cannot be parsed. Every produced record is kept with the partition
 * and offset the broker gave it, so the test knows the exact expected outputs.
 */
final class AccountChanges {
  static final String TOPIC = "crash.changes";
  static final int PARTITIONS = 3;
  private static final String[] TIERS = {"gold", "Silver", "BRONZE"};

  /** One produced input record; {@code id} is null where the record has none (or cannot be parsed). */
  record Change(int partition, long offset, Long id, long seq, String tier, long amount, boolean valid) {
    String origin() {
      return TOPIC + "/" + partition + "@" + offset;
    }

    /** What the crash-tiers and crash-ledger products publish for it. */
    String publishedJson() {
      return "{\"id\":" + id + ",\"seq\":" + seq + ",\"tier\":\"" + tier.toUpperCase(java.util.Locale.ROOT) + "\",\"amount\":" + amount + "}";
    }
  }

  private final Random random;
  private final int keys;
  private final List<Change> produced = new CopyOnWriteArrayList<>();
  private long seq;

  AccountChanges(Random random, int keys) {
    this.random = random;
    this.keys = keys;
  }

  /** Produces {@code count} records and waits until the broker has them all. */
  void produce(Properties kafka, int count) throws Exception {
    Properties props = new Properties();
    props.putAll(kafka);
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    props.put("linger.ms", "5");
    props.put("enable.idempotence", "true");
    record Sent(java.util.concurrent.Future<RecordMetadata> ack, Long id, long seq, String tier, long amount, boolean valid) {}
    List<Sent> sent = new ArrayList<>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (int i = 0; i < count; i++) {
        long s = ++seq;
        Long id = 1L + random.nextInt(keys);
        String tier = TIERS[random.nextInt(TIERS.length)];
        long amount = 1 + random.nextInt(1_000);
        int kind = random.nextInt(100);
        String json;
        boolean valid = false;
        if (kind < 2) {
          json = "{\"id\": " + id + ", \"seq\": " + s + ", \"tier\": ";
        } else if (kind < 4) {
          id = null;
          json = "{\"id\": null, \"seq\": " + s + ", \"tier\": \"" + tier + "\", \"amount\": " + amount + "}";
        } else {
          if (kind < 10) {
            amount = -random.nextInt(100);
          } else if (kind < 14) {
            tier = "platinum";
          } else {
            valid = true;
          }
          json = "{\"id\": " + id + ", \"seq\": " + s + ", \"tier\": \"" + tier + "\", \"amount\": " + amount + "}";
        }
        int partition = id == null ? random.nextInt(PARTITIONS) : (int) (id % PARTITIONS);
        var ack = producer.send(new ProducerRecord<>(TOPIC, partition, id == null ? null : id.toString(), json));
        sent.add(new Sent(ack, kind < 2 ? null : id, s, tier, amount, valid));
      }
      producer.flush();
    }
    for (Sent s : sent) {
      RecordMetadata meta = s.ack().get();
      produced.add(new Change(meta.partition(), meta.offset(), s.id(), s.seq(), s.tier(), s.amount(), s.valid()));
    }
  }

  int count() {
    return produced.size();
  }

  /** The records in the order a product reads each partition. */
  private List<Change> inOffsetOrder() {
    List<Change> all = new ArrayList<>(produced);
    all.sort(Comparator.comparingInt(Change::partition).thenComparingLong(Change::offset));
    return all;
  }

  /** Origin → published row, for every valid record: what a product topic holds, each exactly once. */
  Map<String, String> validByOrigin() {
    Map<String, String> valid = new TreeMap<>();
    inOffsetOrder().stream().filter(Change::valid).forEach(c -> valid.put(c.origin(), c.publishedJson()));
    return valid;
  }

  /** Origins of the records that break a rule or cannot be parsed: what a dead-letter topic holds, each once. */
  List<String> invalidOrigins() {
    return inOffsetOrder().stream().filter(c -> !c.valid()).map(Change::origin).sorted().toList();
  }

  /** Id → the row of its latest valid change: what the upsert product's table holds. */
  Map<Long, String> latestValidById() {
    Map<Long, String> latest = new TreeMap<>();
    // a key's changes are all in one partition, in offset order
    inOffsetOrder().stream().filter(Change::valid).forEach(c -> latest.put(c.id(), c.publishedJson()));
    return latest;
  }

  /** Every valid row, as often as it was produced: what the append product's table holds. */
  List<String> validRows() {
    return inOffsetOrder().stream().filter(Change::valid).map(Change::publishedJson).sorted().toList();
  }

  static Map<String, Integer> counts(List<String> rows) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    rows.forEach(r -> counts.merge(r, 1, Integer::sum));
    return counts;
  }
}
