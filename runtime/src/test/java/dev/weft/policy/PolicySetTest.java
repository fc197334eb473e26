package dev.weft.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.plan.ProductNames;
import dev.weft.spec.InvalidSpecException;
import dev.weft.spec.ProductSpec;
import dev.weft.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each built-in policy kind: a spec that passes and one that breaks it, with the exact line printed. */
class PolicySetTest {
  private static final String COMPLIANT = """
      apiVersion: weft/v1
      kind: DataProduct
      metadata:
        name: order-events
        domain: orders
        version: 1.0.0
        owner: orders-team@acme.example
        description: Every order placed.
        tags: [sales]
      inputs:
        - name: orders
          kafka:
            topic: shop.orders
            columns:
              - { name: order_id, type: BIGINT }
              - { name: email, type: STRING }
      schema:
        columns:
          - { name: order_id, type: BIGINT, description: Order id }
          - { name: email, type: STRING, description: Buyer, pii: true, mask: sha256 }
      quality:
        rules:
          - { name: has-id, check: "order_id IS NOT NULL" }
      outputs:
        topic: { retention: 7d }
        table: { keepSnapshots: 7d }
      sla: { freshness: 60s }
      cost: { center: CC-1 }
      """;

  private static final String POLICIES = """
      apiVersion: weft/v1
      kind: PolicySet
      policies:
        - { name: kebab-products, kind: naming, products: "[a-z][a-z0-9-]*", topics: "[a-z]+\\\\.[a-z0-9-]+\\\\.v[0-9]+", columns: "[a-z][a-z0-9_]*" }
        - { name: documented, kind: required-metadata, require: [description, tags, sla, cost-center, column-descriptions] }
        - { name: pii-masked, kind: pii }
        - { name: retention-bounds, kind: retention, topicRetention: { min: 1d, max: 30d }, keepSnapshots: { max: 90d } }
        - { name: no-hr-data, kind: allowed-sources, denyCdcTables: ["hr\\\\..*"], denyTopics: ["hr\\\\..*"] }
        - { name: sla-needs-rules, kind: rule-presence, severity: warn }
      """;

  @TempDir Path folder;

  @Test
  void aCompliantSpecPassesEveryKind() throws Exception {
    assertThat(violations(COMPLIANT)).isEmpty();
  }

  @Test
  void naming() throws Exception {
    assertThat(violations(COMPLIANT.replace("name: email", "name: _email").replace("topic: { retention: 7d }", "topic: { name: orders.Orders_Topic, retention: 7d }")))
        .containsExactly(
            "spec.yaml:20:7: error: policy kebab-products: column name '_email' does not match [a-z][a-z0-9_]*; rename the column",
            "spec.yaml:25:12: error: policy kebab-products: topic name 'orders.Orders_Topic' does not match [a-z]+\\.[a-z0-9-]+\\.v[0-9]+; "
                + "set outputs.topic.name to a name that does");
  }

  @Test
  void requiredMetadata() throws Exception {
    assertThat(violations(COMPLIANT.replace("  description: Every order placed.\n", "").replace("  tags: [sales]\n", "")
            .replace("cost: { center: CC-1 }\n", "").replace(", description: Buyer", "")))
        .containsExactly(
            "spec.yaml:1:1: error: policy documented: cost.center is missing; add cost: { center: <cost centre> }",
            "spec.yaml:3:1: error: policy documented: metadata.description is missing; say what the product holds",
            "spec.yaml:3:1: error: policy documented: metadata.tags is missing; add at least one tag",
            "spec.yaml:18:7: error: policy documented: column 'email' has no description; add description: …");
  }

  @Test
  void piiWithoutMask() throws Exception {
    assertThat(violations(COMPLIANT.replace(", mask: sha256", "")))
        .containsExactly("spec.yaml:20:7: error: policy pii-masked: column 'email' is pii but declares no mask; "
            + "add mask: sha256, redact or encrypt");
  }

  @Test
  void retentionOutOfBounds() throws Exception {
    assertThat(violations(COMPLIANT.replace("topic: { retention: 7d }", "topic: { retention: 2h }")
            .replace("table: { keepSnapshots: 7d }", "table: { keepSnapshots: 365d }")))
        .containsExactly(
            "spec.yaml:25:12: error: policy retention-bounds: topic retention 2h is below 1d; set outputs.topic.retention to at least that",
            "spec.yaml:26:12: error: policy retention-bounds: table snapshots are kept 365d, above 90d; "
                + "set outputs.table.keepSnapshots to at most that");
  }

  @Test
  void deniedSources() throws Exception {
    assertThat(violations(COMPLIANT.replace("topic: shop.orders", "topic: hr.salaries")))
        .containsExactly("spec.yaml:11:5: error: policy no-hr-data: input 'orders' reads topic hr.salaries, which matches hr\\..* "
            + "that no product may read; read a product of the owning domain instead");
  }

  @Test
  void anSlaWithoutRulesIsAWarning() throws Exception {
    assertThat(violations(COMPLIANT.replace("quality:\n  rules:\n    - { name: has-id, check: \"order_id IS NOT NULL\" }\n", "")))
        .containsExactly("spec.yaml:24:1: warn: policy sla-needs-rules: the product promises an sla but has no quality rules; add quality.rules");
  }

  @Test
  void aBrokenPolicyFileIsRefusedWithPositions() {
    assertThatThrownBy(() -> PolicySet.load("policies.yaml", """
        apiVersion: weft/v1
        kind: PolicySet
        policies:
          - { name: a, kind: naming, products: "[a-z" }
          - { name: b, kind: retention, topicRetention: { min: soon } }
          - { name: c, kind: colour }
          - { name: d, kind: required-metadata, require: [budget] }
          - { name: a, kind: pii, extra: 1 }
        """))
        .isInstanceOf(InvalidSpecException.class)
        .extracting(e -> ((InvalidSpecException) e).problems().stream().map(Object::toString).toList())
        .isEqualTo(List.of(
            "policies.yaml:4:40: 'policies[0].products' must be a regular expression (Unclosed character class at index 3), got \"[a-z\"",
            "policies.yaml:5:56: 'policies[1].topicRetention.min' must be a duration like 5s, 10m, 1h or 7d, got \"soon\"",
            "policies.yaml:6:22: 'policies[2].kind' must be one of naming, required-metadata, pii, retention, allowed-sources, rule-presence, got \"colour\"",
            "policies.yaml:7:50: 'policies[3].require' may list description, tags, sla, cost-center, column-descriptions, got \"budget\"",
            "policies.yaml:8:27: unknown key 'extra' in policies[4]; expected one of: name, kind, severity, description, personalColumns",
            "policies.yaml:8:5: policy 'a' is defined twice"));
  }

  @Test
  void personalColumnsMustBeMarkedWhereThePolicyNamesThemInputsToo() throws Exception {
    String policies = """
        apiVersion: weft/v1
        kind: PolicySet
        policies:
          - { name: personal-marked, kind: pii, personalColumns: "(?i).*(email|phone).*" }
        """;
    assertThat(violations(COMPLIANT, policies)).containsExactly(
        "spec.yaml:16:11: error: policy personal-marked: column 'email' of input 'orders' matches (?i).*(email|phone).* but is not "
            + "marked; add pii: true (its values then stay out of dead letters)");
    assertThat(violations(COMPLIANT.replace("- { name: email, type: STRING }", "- { name: email, type: STRING, pii: true }"), policies))
        .isEmpty();
  }

  private List<String> violations(String specText) throws Exception {
    return violations(specText, POLICIES);
  }

  private List<String> violations(String specText, String policyText) throws Exception {
    Path spec = folder.resolve("spec.yaml");
    Files.writeString(spec, specText);
    ProductSpec loaded = SpecLoader.load(spec);
    PolicySet policies = PolicySet.load("policies.yaml", policyText);
    return policies.check(loaded, ProductNames.of(loaded)).stream()
        .map(v -> v.toString().replace(folder + "/", ""))
        .toList();
  }
}
