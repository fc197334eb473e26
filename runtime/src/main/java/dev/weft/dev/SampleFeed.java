package dev.weft.dev;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weft.plan.InputPlan;
import dev.weft.spec.WireFormat;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

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
  private KafkaProducer<byte[], byte[]> trickling;
  /** Where Avro inputs' samples register their schema (the Confluent wire format names its id). */
  private final Optional<String> schemaRegistry;

  /** @param schemaRegistry the registry's URL, needed when an input reads Avro */
  public SampleFeed(Properties kafkaClient, Collection<InputPlan.Kafka> inputs, Clock clock, Optional<String> schemaRegistry) {
    producerProperties.putAll(kafkaClient);
    producerProperties.put("key.serializer", ByteArraySerializer.class.getName());
    producerProperties.put("value.serializer", ByteArraySerializer.class.getName());
    this.clock = clock;
    this.schemaRegistry = schemaRegistry;
    inputs.forEach(input -> {
      this.inputs.put(input.topic(), input);
      this.next.put(input.topic(), 0);
    });
  }

  /** {@code count} records to each input, the last of them stamped now; returns once the broker has them. */
  public void batch(int count) {
    Instant first = SampleRecords.firstEventTime(clock.instant(), count);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties)) {
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

  private void send(KafkaProducer<byte[], byte[]> producer, InputPlan.Kafka input, int count, Instant firstEventTime) {
    int first = next.get(input.topic());
    var samples = SampleRecords.generate(input, first, count, SEED, firstEventTime);
    if (input.format() == WireFormat.AVRO) {
      // values only, under the schema registered for the topic; the deliberately broken samples stay as they are
      for (byte[] value : avro(input, samples)) {
        producer.send(new ProducerRecord<>(input.topic(), value));
      }
    } else {
      for (var record : samples) {
        producer.send(new ProducerRecord<>(input.topic(), record.getKey().getBytes(UTF_8), record.getValue().getBytes(UTF_8)));
      }
    }
    next.put(input.topic(), first + count);
  }

  private List<byte[]> avro(InputPlan.Kafka input, List<Map.Entry<String, String>> samples) {
    try {
      return AvroSampleRecords.encode(input, samples, schemaRegistry.orElseThrow(() -> new IllegalStateException(
          "input topic " + input.topic() + " reads Avro, but the sample feed has no schema registry")));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot encode the Avro samples of " + input.topic() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (trickling != null) {
      trickling.close();
    }
  }
}
