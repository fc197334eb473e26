package dev.weft.benchmarks;

import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** 1M-ish order records of about 200 bytes, 2% of them breaking a rule, produced once for both jobs. */
final class BenchmarkData {
  private static final String NOTE = "x".repeat(48);
  private static final String[] CURRENCIES = {"eur", "usd", "gbp"};

  private BenchmarkData() {}

  static String record(long i) {
    String total = i % 100 == 1 ? "-5.00" : (i % 997 + 1) + ".25";
    String currency = i % 100 == 2 ? "xxx" : CURRENCIES[(int) (i % 3)];
    return "{\"order_id\":" + i + ",\"customer_id\":" + (i % 10_007) + ",\"total\":" + total + ",\"currency\":\"" + currency
        + "\",\"channel\":\"web\",\"created_at\":\"" + Instant.ofEpochSecond(1_790_000_000L + i) + "\",\"note\":\"" + NOTE + "\"}";
  }

  static long validCount(long records) {
    long valid = 0;
    for (long i = 0; i < records; i++) {
      if (i % 100 != 1 && i % 100 != 2) {
        valid++;
      }
    }
    return valid;
  }

  static void produce(Properties kafka, String topic, long records) {
    Properties props = new Properties();
    props.putAll(kafka);
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    props.put("linger.ms", "20");
    props.put("batch.size", "262144");
    props.put("compression.type", "lz4");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (long i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>(topic, null, record(i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }
}
