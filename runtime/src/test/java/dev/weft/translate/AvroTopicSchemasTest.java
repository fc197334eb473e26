package dev.weft.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.plan.ProductPlan;
import dev.weft.spec.WireFormat;
import dev.weft.testing.Specs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Avro schemas an Avro product registers, derived from its published columns. */
class AvroTopicSchemasTest {

  @Test
  void valueAndKeySchemasFollowThePublishedColumnsWithTheirDescriptionsAsDocs() throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/avro-payments.yaml", Map.of()));

    assertThat(plan.topic().format()).isEqualTo(WireFormat.AVRO);
    assertThat(plan.inputs().get(0).format()).isEqualTo(WireFormat.AVRO);
    assertThat(AvroTopicSchemas.valueSubject(plan)).isEqualTo("payments.avro-payments.v1-value");
    assertThat(AvroTopicSchemas.keySubject(plan)).isEqualTo("payments.avro-payments.v1-key");
    assertThat(AvroTopicSchemas.value(plan).toString()).isEqualTo("{\"type\":\"record\",\"name\":\"avro_payments\",\"namespace\":\"weft.payments\","
        + "\"fields\":["
        + "{\"name\":\"payment_id\",\"type\":\"long\",\"doc\":\"The payment's id\"},"
        + "{\"name\":\"customer_id\",\"type\":[\"null\",\"long\"],\"doc\":\"Who paid\",\"default\":null},"
        + "{\"name\":\"amount\",\"type\":[\"null\",{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":10,\"scale\":2}],"
        + "\"doc\":\"Amount in euros\",\"default\":null},"
        + "{\"name\":\"channel\",\"type\":[\"null\",\"string\"],\"default\":null},"
        + "{\"name\":\"paid_at\",\"type\":[\"null\",{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}],\"doc\":\"When it was paid\","
        + "\"default\":null}]}");
    assertThat(AvroTopicSchemas.key(plan).orElseThrow().toString()).isEqualTo("{\"type\":\"record\",\"name\":\"avro_payments_key\","
        + "\"namespace\":\"weft.payments\",\"fields\":[{\"name\":\"payment_id\",\"type\":\"long\",\"doc\":\"The payment's id\"}]}");
  }

  @Test
  void aProductWithoutPrimaryKeyHasNoKeySchema() throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/order-events.yaml", Map.of()));

    assertThat(plan.topic().format()).isEqualTo(WireFormat.JSON);
    assertThat(AvroTopicSchemas.key(plan)).isEmpty();
  }
}
