package dev.weft.changelog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import dev.weft.spec.ProductSpec;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Specs;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A product over an upsert product publishes a changelog: a key that stops matching its filter is
 * deleted downstream, as a tombstone on the topic and a delete in the table.
 */
class UpsertChangelogITCase {
  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  @Test
  void aKeyThatNoLongerMatchesTheFilterIsDeletedFromTopicAndTable() throws Exception {
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("crm.tier-changes", 2);
    ProductSpec tiers = Specs.load("it/customer-tiers.yaml", Map.of());
    ProductPlan tiersPlan = Specs.compile(tiers);
    ProductPlan gold = Specs.compile(Specs.load("it/gold-customers.yaml", Map.of()), tiers);
    // 1 leaves gold, 2 becomes gold, 3 stays gold with a new time, 4 is never gold, 5 leaves and comes back
    topics.produce("crm.tier-changes", List.of(
        change(1, "gold", 1), change(2, "silver", 1), change(3, "gold", 1), change(4, "bronze", 1), change(5, "gold", 1),
        change(1, "silver", 2), change(2, "gold", 2), change(3, "gold", 2), change(4, "silver", 2), change(5, "bronze", 2),
        change(5, "gold", 3)));
    STACK.stack().runner().provision(List.of(tiersPlan, gold));
    STACK.stack().runner().start(tiersPlan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    STACK.stack().runner().start(gold, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));

    Map<Long, String> rows = new TreeMap<>();
    Tables.readAll(STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(gold)))
        .forEach(r -> assertThat(rows.put((Long) r.getField("customer_id"), r.getField("tier") + " " + r.getField("changed_at")))
            .as("two rows for customer %s", r.getField("customer_id")).isNull());
    assertThat(rows).isEqualTo(Map.of(
        2L, "gold 2026-11-02T10:00Z", 3L, "gold 2026-11-02T10:00Z", 5L, "gold 2026-11-03T10:00Z"));

    Map<String, List<String>> perKey = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : topics.readAll(gold.names().topic())) {
      perKey.computeIfAbsent(Topics.key(r), k -> new ArrayList<>()).add(Topics.value(r) == null ? "tombstone" : tierAndTime(r));
    }
    // 5 left gold and came back: a tombstone between shows only if a checkpoint fell in between
    perKey.get("{\"customer_id\":5}").remove("tombstone");
    assertThat(perKey).isEqualTo(Map.of(
        "{\"customer_id\":1}", List.of("gold 2026-11-01", "tombstone"),
        "{\"customer_id\":2}", List.of("gold 2026-11-02"),
        "{\"customer_id\":3}", List.of("gold 2026-11-01", "gold 2026-11-02"),
        "{\"customer_id\":5}", List.of("gold 2026-11-01", "gold 2026-11-03")));
  }

  private static Map.Entry<String, String> change(long customer, String tier, int day) {
    return Map.entry(Long.toString(customer),
        "{\"customer_id\": " + customer + ", \"tier\": \"" + tier + "\", \"changed_at\": \"2026-11-0" + day + "T10:00:00Z\"}");
  }

  private static String tierAndTime(ConsumerRecord<byte[], byte[]> r) {
    String value = Topics.value(r);
    String tier = value.replaceAll(".*\"tier\":\"([a-z]+)\".*", "$1");
    String day = value.replaceAll(".*\"changed_at\":\"(\\d{4}-\\d{2}-\\d{2}).*", "$1");
    return tier + " " + day;
  }
}
