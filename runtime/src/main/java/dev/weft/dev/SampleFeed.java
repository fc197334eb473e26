package dev.weft.dev;

import dev.weft.plan.InputPlan;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Feeds the demo's Kafka inputs with {@link SampleRecords}: a first batch that ends now, then, while
 * the mesh streams, a few records at a time stamped as they are sent, so a product's charts in the
 * catalog move and its freshness stays within its SLA.
 */
public final class SampleFeed implements AutoCloseable {
  private static final long SEED = 42;

  private final Properties producerProperties = new Properties();
  private final Clock clock;
  /** Per input topic, the input (its columns) and the index of the next record of its sequence. */
  private final Map<String, InputPlan.Kafka> inputs = new LinkedHashMap<>();
  private final Map<String, Integer> next = new LinkedHashMap<>();
  /** Made by the first {@link #trickle}: a bounded run ({@code --until-idle}) never holds a producer after its batch. */
  private KafkaProducer<String, String> trickling;

  public SampleFeed(Properties kafkaClient, Collection<InputPlan.Kafka> inputs, Clock clock) {
    producerProperties.putAll(kafkaClient);
    producerProperties.put("key.serializer", StringSerializer.class.getName());
    producerProperties.put("value.serializer", StringSerializer.class.getName());
    this.clock = clock;
    inputs.forEach(input -> {
      this.inputs.put(input.topic(), input);
      this.next.put(input.topic(), 0);
    });
  }

  /** {@code count} records to each input, the last of them stamped now; returns once the broker has them. */
  public void batch(int count) {
    Instant first = SampleRecords.firstEventTime(clock.instant(), count);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties)) {
      inputs.values().forEach(input -> send(producer, input, count, first));
    }
  }

  /** {@code count} more records to each input, one second apart, the last stamped now. */
  public synchronized void trickle(int count) {
    if (trickling == null) {
      trickling = new KafkaProducer<>(producerProperties);
    }
    Instant now = clock.instant();
    inputs.values().forEach(input -> send(trickling, input, count, now.minusSeconds(count - 1)));
    trickling.flush();
  }

  private void send(KafkaProducer<String, String> producer, InputPlan.Kafka input, int count, Instant firstEventTime) {
    int first = next.get(input.topic());
    for (var record : SampleRecords.generate(input, first, count, SEED, firstEventTime)) {
      producer.send(new ProducerRecord<>(input.topic(), record.getKey(), record.getValue()));
    }
    next.put(input.topic(), first + count);
  }

  @Override
  public synchronized void close() {
    if (trickling != null) {
      trickling.close();
    }
  }
}
