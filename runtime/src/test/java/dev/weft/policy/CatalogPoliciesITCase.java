package dev.weft.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.catalog.CatalogService;
import dev.weft.catalog.CatalogSettings;
import dev.weft.catalog.client.CatalogClient;
import dev.weft.catalog.client.CatalogException;
import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalog.storage.EmbeddedCatalogDatabase;
import dev.weft.catalogreport.ProductRegistrations;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.testing.WeftCommandLine;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalog service holding the organisation's policies (as {@code weft catalog --policies} starts
 * it, on a real embedded PostgreSQL): it refuses registrations that break them, whoever sends
 * them, and serves them so {@code weft validate} checks the same rules first.
 */
class CatalogPoliciesITCase {
  private static final String POLICIES = """
      apiVersion: weft/v1
      kind: PolicySet
      policies:
        - name: documented
          kind: required-metadata
          require: [description]
        - name: pii-masked
          kind: pii
        - name: tagged
          kind: required-metadata
          severity: warn
          require: [tags]
      """;

  @TempDir static Path dir;
  private static EmbeddedCatalogDatabase database;
  private static CatalogService service;
  private static CatalogClient client;

  @BeforeAll
  static void start() throws Exception {
    Path file = Files.writeString(dir.resolve("policies.yaml"), POLICIES);
    database = EmbeddedCatalogDatabase.start(dir.resolve("postgres"));
    service = CatalogService.start(database.database(), CatalogSettings.defaults("policy-token").withPort(0)
        .withPolicies(new RegistrationPolicyCheck(PolicySet.load(file), Files.readString(file))));
    client = new CatalogClient(URI.create("http://localhost:" + service.port()), "policy-token");
  }

  @AfterAll
  static void stop() throws Exception {
    service.close();
    database.close();
  }

  private static Path spec(String name, String description, String emailColumn) throws Exception {
    return Files.writeString(dir.resolve(name + ".yaml"), """
        apiVersion: weft/v1
        kind: DataProduct
        metadata:
          name: %s
          domain: orders
          version: 1.0.0
          owner: orders-team@acme.example
        %s
        inputs:
          - name: orders
            kafka:
              topic: shop.orders
              columns: [ { name: order_id, type: BIGINT }, { name: email, type: STRING } ]
        schema:
          columns:
            - { name: order_id, type: BIGINT, nullable: false }
            - %s
        """.formatted(name, description.isEmpty() ? "" : "  description: " + description, emailColumn));
  }

  private static ProductRegistration registration(Path file) throws Exception {
    ProductSet set = ProductSet.compile(List.of(file));
    ProductPlan plan = set.plans().get(0);
    return ProductRegistrations.of(set.spec(plan), plan);
  }

  @Test
  void servesItsPolicyFileAsWritten() {
    assertThat(client.policies()).contains(POLICIES);
  }

  @Test
  void refusesARegistrationThatBreaksThemNamingEachViolationAndItsLine() throws Exception {
    ProductRegistration breaking = registration(spec("unmasked-orders", "", "{ name: email, type: STRING, pii: true }"));
    assertThatThrownBy(() -> client.register(breaking))
        .isInstanceOf(CatalogException.class)
        .hasMessage("the catalog refused POST /api/v1/products: 422 product orders.unmasked-orders 1.0.0 breaks the catalog's policies:"
            + " orders/unmasked-orders-1.0.0.yaml:3:1: error: policy documented: metadata.description is missing; say what the product holds;"
            + " orders/unmasked-orders-1.0.0.yaml:17:7: error: policy pii-masked: column 'email' is pii but declares no mask;"
            + " add mask: sha256, redact or encrypt");
    // a warning alone does not refuse
    assertThat(client.register(registration(spec("masked-orders", "Orders, emails hashed.",
        "{ name: email, type: STRING, pii: true, mask: sha256 }")))).isEqualTo("created");
  }

  @Test
  void refusesARegistrationWhoseSpecIsNotASpec() throws Exception {
    ProductRegistration good = registration(spec("hand-made", "Sent by hand.", "{ name: email, type: STRING }"));
    ProductRegistration junk = new ProductRegistration(good.domain(), good.name(), good.version(), good.owner(), good.description(),
        good.tags(), good.costCenter(), "kind: [", good.schema(), good.sla(), good.quality(), good.outputs(), good.access(), good.inputs(),
        good.columnLineage());
    assertThatThrownBy(() -> client.register(junk)).hasMessageStartingWith(
        "the catalog refused POST /api/v1/products: 422 product orders.hand-made 1.0.0 breaks the catalog's policies: specYaml: orders/hand-made-1.0.0.yaml:1:");
  }

  @Test
  void validateChecksTheCatalogsPoliciesWhenNoFileIsGiven() throws Exception {
    Path file = spec("undocumented", "", "{ name: email, type: STRING }");
    WeftCommandLine cli = new WeftCommandLine();
    assertThat(cli.run("validate", file.toString(), "--catalog-url", "http://localhost:" + service.port())).isEqualTo(1);
    assertThat(cli.err()).isEqualTo(file + ":3:1: error: policy documented: metadata.description is missing; say what the product holds\n"
        + file + ":3:1: warn: policy tagged: metadata.tags is missing; add at least one tag\n"
        + "1 policy violation(s)\n");
  }
}
