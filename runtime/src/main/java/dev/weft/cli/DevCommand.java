package dev.weft.cli;

import dev.weft.compile.InputPlan;
import dev.weft.compile.ProductPlan;
import dev.weft.compile.ProductSet;
import dev.weft.dev.DevStack;
import dev.weft.dev.SampleRecords;
import dev.weft.spec.InvalidSpecException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft dev [DIR]}: the whole mesh of a folder on the embedded stack, fed with sample data. */
@Command(name = "dev", description = "Start the embedded stack, feed sample data to the specs' Kafka inputs and run every product.")
final class DevCommand implements Callable<Integer> {
  /** Partitions of the input topics the dev stack creates for the sample data. */
  static final int SAMPLE_TOPIC_PARTITIONS = 2;

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(arity = "0..1", paramLabel = "DIR", description = "Folder of product specs. Default: product-specs")
  Path folder = Path.of("product-specs");

  @Option(names = "--records", paramLabel = "N", description = "Sample records per input topic. Default: 1000.")
  int records = 1_000;

  @Option(names = "--until-idle", description = "Process the sample data, print what was published, and stop.")
  boolean untilIdle;

  @Mixin RuntimeFlags flags = new RuntimeFlags();

  @Override
  public Integer call() throws Exception {
    var out = command.commandLine().getOut();
    ProductSet set;
    try {
      set = ProductSet.compile(List.of(folder));
    } catch (InvalidSpecException e) {
      e.problems().forEach(command.commandLine().getErr()::println);
      return 1;
    }
    try (DevStack stack = DevStack.start(flags.toConfiguration())) {
      out.println("Weft dev stack");
      out.println("  Kafka            " + stack.kafka().bootstrapServers());
      out.println("  Iceberg catalog  " + stack.catalog().jdbcUrl() + " (JDBC catalog '" + stack.catalog().name() + "')");
      out.println("  warehouse        " + stack.catalog().warehouse());
      feedSampleData(stack, set.plans(), out);
      return new ProductSession(stack.runner(), out).run(set.plans(), untilIdle);
    }
  }

  private void feedSampleData(DevStack stack, List<ProductPlan> plans, java.io.PrintWriter out) throws Exception {
    Set<String> productTopics = plans.stream().map(p -> p.names().topic()).collect(Collectors.toSet());
    Map<String, InputPlan> sourceInputs = plans.stream()
        .flatMap(p -> p.inputs().stream())
        .filter(i -> i.fromKafka() && i.upstreamProduct().isEmpty() && !productTopics.contains(i.topic()))
        .collect(Collectors.toMap(InputPlan::topic, i -> i, (a, b) -> a));
    Set<String> existing = stack.runner().admin().listTopics().names().get();
    var props = stack.kafka().clientProperties();
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (InputPlan input : sourceInputs.values()) {
        if (!existing.contains(input.topic())) {
          stack.runner().admin().createTopics(List.of(new NewTopic(input.topic(), SAMPLE_TOPIC_PARTITIONS, (short) 1))).all().get();
        }
        for (var record : SampleRecords.generate(input, records, 42)) {
          producer.send(new ProducerRecord<>(input.topic(), record.getKey(), record.getValue()));
        }
        out.println("  sample data      " + records + " records -> " + input.topic());
      }
      producer.flush();
    }
    out.flush();
  }
}
