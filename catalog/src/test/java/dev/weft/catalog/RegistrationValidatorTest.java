package dev.weft.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.catalog.http.JsonBodies;
import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalog.product.RegistrationValidator;
import org.junit.jupiter.api.Test;

class RegistrationValidatorTest {
  private static ProductRegistration read(String json) throws Exception {
    return JsonBodies.mapper().readValue(json, ProductRegistration.class);
  }

  @Test
  void acceptsWhatTheRuntimeSends() throws Exception {
    assertThat(RegistrationValidator.problems(read(Registrations.orderEvents()))).isEmpty();
  }

  @Test
  void namesEveryProblemByItsField() throws Exception {
    String bad = Registrations.orderEvents()
        .replace("\"domain\": \"orders\"", "\"domain\": \"Orders!\"")
        .replace("\"owner\": \"orders-team@acme.example\",", "")
        .replace("\"primaryKey\": [\"order_id\"]", "\"primaryKey\": [\"id\"]")
        .replace("{\"name\": \"customer_tier\", \"type\": \"STRING\"", "{\"name\": \"order_id\", \"type\": \"STRING\"")
        .replace("\"freshness\": \"60s\"", "\"freshness\": \"a minute\"")
        .replace("\"minValidRatio\": 0.99", "\"minValidRatio\": 1.5")
        .replace("\"source\": \"customers.customer-profiles@1\"", "\"source\": \"customer-profiles\"")
        .replace("{\"column\": \"order_total\", \"from\": [{\"input\": \"orders\"", "{\"column\": \"total\", \"from\": [{\"input\": \"payments\"");
    assertThat(RegistrationValidator.problems(read(bad))).containsExactly(
        "domain: must be kebab-case ([a-z][a-z0-9]*(-[a-z0-9]+)*), was 'Orders!'",
        "owner: missing",
        "schema.columns[3].name: column 'order_id' is listed twice",
        "schema.primaryKey[0]: 'id' is not a column of schema.columns",
        "sla.freshness: must be a whole number and a unit (ms, s, m, h, d) such as 60s, was 'a minute'",
        "quality.minValidRatio: must be from 0 to 1, was 1.5",
        "inputs[1].source: a product input names domain.name or domain.name@major, was 'customer-profiles'",
        "columnLineage[2].column: 'total' is not a column of schema.columns",
        "columnLineage[2].from[0].input: 'payments' is not one of inputs",
        "columnLineage[3].column: 'customer_tier' is not a column of schema.columns");
  }

  @Test
  void requiresTheCoreFields() throws Exception {
    assertThat(RegistrationValidator.problems(read("{}"))).containsExactly("domain: missing", "name: missing", "version: missing",
        "owner: missing", "specYaml: missing", "schema.columns: a product publishes at least one column",
        "outputs: missing (topic, table, deadLetterTopic)");
  }
}
