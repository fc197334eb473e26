package dev.weft.execute;

import dev.weft.jobs.avro.SchemaRegistryClient;
import dev.weft.plan.InputPlan;
import dev.weft.plan.ProductPlan;
import dev.weft.spec.WireFormat;
import dev.weft.translate.AvroTopicSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.avro.Schema;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Registers an Avro product's topic schemas in the schema registry before its job starts: the key
 * schema under {@code <topic>-key} (upsert products), the value schema under {@code <topic>-value},
 * each subject under the product's {@code schema.compatibility}. A schema the registry refuses
 * stops the start before anything is published, with the registry's reason.
 */
public final class TopicSchemaRegistration {
  private TopicSchemaRegistration() {}

  /** Whether the product publishes or reads Avro, and so needs a schema registry. */
  public static boolean usesAvro(ProductPlan plan) {
    return plan.topic().format() == WireFormat.AVRO || plan.inputs().stream().anyMatch(i -> i.format() == WireFormat.AVRO);
  }

  /** The registry the product's Avro needs; refused, saying what to set, if none is given. */
  public static Optional<String> registryFor(ProductPlan plan, ReadableConfig options) {
    Optional<String> url = options.getOptional(WeftOptions.SCHEMA_REGISTRY_URL);
    if (url.isEmpty() && usesAvro(plan)) {
      String what = plan.topic().format() == WireFormat.AVRO ? "publishes Avro (outputs.topic.format: avro)"
          : "reads Avro (input '" + plan.inputs().stream().filter(i -> i.format() == WireFormat.AVRO).map(InputPlan::name).findFirst().orElseThrow()
              + "')";
      throw new IllegalStateException("product " + plan.product() + " " + what + ", but no schema registry is given: set --schema-registry "
          + "URL (weft.schema-registry.url, a Confluent-compatible API such as http://registry:8080/apis/ccompat/v7); weft dev starts one itself");
    }
    return url;
  }

  /** Registers the topic's schemas of an Avro product: their ids; empty for a JSON product. */
  public static Optional<AvroTopicSchemas.Ids> register(ProductPlan plan, Optional<String> registryUrl) {
    if (plan.topic().format() != WireFormat.AVRO) {
      return Optional.empty();
    }
    SchemaRegistryClient registry = new SchemaRegistryClient(registryUrl.orElseThrow());
    OptionalInt key = OptionalInt.empty();
    Optional<Schema> keySchema = AvroTopicSchemas.key(plan);
    if (keySchema.isPresent()) {
      key = OptionalInt.of(register(plan, registry, AvroTopicSchemas.keySubject(plan), keySchema.get()));
    }
    return Optional.of(new AvroTopicSchemas.Ids(register(plan, registry, AvroTopicSchemas.valueSubject(plan), AvroTopicSchemas.value(plan)), key));
  }

  private static int register(ProductPlan plan, SchemaRegistryClient registry, String subject, Schema schema) {
    String mode = plan.topic().compatibility().name(); // Confluent's names: BACKWARD, FORWARD, FULL, NONE
    try {
      boolean subjectKnown = setCompatibility(registry, subject, mode);
      int id = registry.register(subject, schema.toString());
      if (!subjectKnown) {
        // a new subject has nothing to be compatible with: its mode applies from its second schema on
        registry.setCompatibility(subject, mode);
      }
      return id;
    } catch (SchemaRegistryClient.Refusal e) {
      throw new IllegalStateException("product " + plan.product() + ": the schema registry at " + registry.baseUrl() + " refused its schema "
          + "for subject " + subject + " (HTTP " + e.status() + "): " + e.getMessage() + ". Nothing was published. Keep the change "
          + plan.topic().compatibility().text() + " compatible (schema.compatibility), or publish it as a new major version.", e);
    } catch (IOException e) {
      throw new UncheckedIOException(cannotRegister(plan, registry, subject, e), e);
    } catch (SchemaRegistryClient.Unreachable e) {
      throw new IllegalStateException(cannotRegister(plan, registry, subject, e), e);
    }
  }

  private static String cannotRegister(ProductPlan plan, SchemaRegistryClient registry, String subject, Exception e) {
    return "product " + plan.product() + ": cannot register the schema of subject " + subject + " in the schema registry at "
        + registry.baseUrl() + ": " + e.getMessage();
  }

  /** Sets the subject's mode; false if the registry does not know the subject yet (some registries keep no mode for it then). */
  private static boolean setCompatibility(SchemaRegistryClient registry, String subject, String mode) throws IOException {
    try {
      registry.setCompatibility(subject, mode);
      return true;
    } catch (SchemaRegistryClient.Refusal e) {
      if (e.status() == 404) {
        return false;
      }
      throw e;
    }
  }
}
