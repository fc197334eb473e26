package dev.weft.benchmarks;

import dev.weft.dev.DevStack;
import dev.weft.execute.ProductRedrive;
import dev.weft.execute.WeftOptions;
import dev.weft.plan.ProductCompiler;
import dev.weft.plan.ProductPlan;
import dev.weft.spec.SpecLoader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The re-drive rate: a product whose rule was too strict leaves {@code letters} dead letters; a new minor
 * version relaxes the rule so that half of them pass. Times {@code weft redrive}'s work (from its lease to
 * its last commit, the job's start included) over all the letters, then a second re-drive, which finds
 * every passing letter's marker and publishes nothing. With {@code pii}, the product masks a column, so its
 * letters keep no input and each one is read again from the input topic.
 *
 * <p>Run with {@code benchmarks/run.sh RedriveBenchmark [letters=50000] [pii=false]}.
 */
public final class RedriveBenchmark {
  private static final String SPEC = """
      apiVersion: weft/v1
      kind: DataProduct
      metadata: { name: bench-redrive, domain: bench, version: VERSION, owner: bench@acme.example }
      inputs:
        - name: orders
          kafka:
            topic: bench.redrive-orders
            columns:
              - { name: order_id, type: BIGINT }
              - { name: email, type: STRING }
              - { name: amount, type: INT }
              - { name: note, type: STRING }
      schema:
        columns:
          - { name: order_id, type: BIGINT, nullable: false }
          - { name: email, type: STRING MASK }
          - { name: amount, type: INT }
          - { name: note, type: STRING }
      quality:
        rules:
          - { name: small-amount, check: "amount < LIMIT" }
      """;

  public static void main(String[] args) throws Exception {
    int letters = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    boolean pii = args.length > 1 && Boolean.parseBoolean(args[1]);
    Configuration options = new Configuration();
    options.set(WeftOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(2));
    options.set(WeftOptions.WORK_DIR, Files.createTempDirectory("weft-bench-redrive-").toString());
    try (DevStack stack = DevStack.start(options)) {
      stack.runner().admin().createTopics(List.of(new NewTopic("bench.redrive-orders", 2, (short) 1))).all().get();
      produce(stack.kafka().clientProperties(), 2 * letters);
      ProductPlan v1 = plan("1.0.0", "100", pii);
      long start = System.nanoTime();
      stack.runner().start(v1, true, Optional.empty()).awaitFinished(Duration.ofMinutes(30));
      System.out.printf(Locale.ROOT, "product run until idle over %,d records (%,d letters): %.1f s%n", 2 * letters, letters,
          (System.nanoTime() - start) / 1e9);
      ProductPlan v11 = plan("1.1.0", "150", pii);
      ProductRedrive redrive = new ProductRedrive(stack.runner());
      for (String round : List.of("first re-drive", "second re-drive")) {
        start = System.nanoTime();
        var report = redrive.run(v11, new ProductRedrive.Request(Optional.empty(), Optional.empty(), false));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %,d letters, %,d published, %,d still failing, %,d already re-driven in %.1f s: %,.0f letters/s%n",
            round, report.counts().letters(), report.counts().passed(), report.counts().stillFailingLetters(),
            report.counts().alreadyRedriven(), seconds, report.counts().letters() / seconds);
      }
    }
  }

  private static ProductPlan plan(String version, String limit, boolean pii) throws Exception {
    String text = SPEC.replace("VERSION", version).replace("LIMIT", limit)
        .replace("STRING MASK", pii ? "STRING, pii: true, mask: sha256" : "STRING");
    return new ProductCompiler(ref -> Optional.empty()).compile(SpecLoader.load("bench-redrive.yaml", text));
  }

  /** Amounts 0-199 in turn: half below 100 (valid), a quarter 100-149 (pass once relaxed), a quarter still failing. */
  private static void produce(Properties kafka, int records) throws Exception {
    Properties props = new Properties();
    props.putAll(kafka);
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    props.put("linger.ms", "20");
    props.put("batch.size", "262144");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (int i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>("bench.redrive-orders", Integer.toString(i), "{\"order_id\": " + i + ", \"email\": \"buyer" + i
            + "@example.com\", \"amount\": " + (i % 200) + ", \"note\": \"" + "x".repeat(48) + "\"}"));
      }
      producer.flush();
    }
  }
}
