package dev.weft.catalog;

/** Registrations the tests send, as the runtime would: two products, one reading the other. */
final class Registrations {
  private Registrations() {}

  static String customerProfiles(String version) {
    return """
        {"domain": "customers", "name": "customer-profiles", "version": "%s", "owner": "crm-team@acme.example",
         "description": "Current profile of every customer, captured from the shop database.",
         "tags": ["crm", "core"], "costCenter": "CC-2000",
         "specYaml": "apiVersion: weft/v1\\nkind: DataProduct\\nmetadata: {name: customer-profiles, domain: customers, version: %s}\\n",
         "schema": {"primaryKey": ["customer_id"], "columns": [
           {"name": "customer_id", "type": "BIGINT", "description": "Customer id", "pii": false},
           {"name": "email", "type": "STRING", "description": "Contact address", "pii": true, "mask": "sha256"},
           {"name": "tier", "type": "STRING", "description": "Loyalty tier"}]},
         "sla": {"freshness": "60s", "availability": "99.9%%"},
         "quality": {"minValidRatio": 0.99},
         "outputs": {"topic": "customers.customer-profiles.v1", "table": "customers.customer_profiles_v1",
                     "deadLetterTopic": "customers.customer-profiles.v1.dlq"},
         "access": {"readers": ["orders", "marketing"]},
         "inputs": [{"name": "customers", "kind": "cdc", "source": "public.customers"}],
         "columnLineage": [
           {"column": "customer_id", "from": [{"input": "customers", "column": "id"}]},
           {"column": "email", "from": [{"input": "customers", "column": "email"}]},
           {"column": "tier", "from": [{"input": "customers", "column": "tier"}]}]}
        """.formatted(version, version);
  }

  static String orderEvents() {
    return """
        {"domain": "orders", "name": "order-events", "version": "1.2.0", "owner": "orders-team@acme.example",
         "description": "Every order placed, enriched with the customer's tier.",
         "tags": ["sales"], "costCenter": "CC-1234",
         "specYaml": "apiVersion: weft/v1\\nkind: DataProduct\\nmetadata: {name: order-events, domain: orders, version: 1.2.0}\\n",
         "schema": {"primaryKey": ["order_id"], "columns": [
           {"name": "order_id", "type": "BIGINT", "description": "Order id"},
           {"name": "customer_email", "type": "STRING", "description": "Who ordered", "pii": true, "mask": "sha256"},
           {"name": "order_total", "type": "DECIMAL(12,2)", "description": "Total with tax"},
           {"name": "customer_tier", "type": "STRING", "description": "Tier when ordered"}]},
         "sla": {"freshness": "60s", "availability": "99.9%"},
         "quality": {"minValidRatio": 0.99},
         "outputs": {"topic": "orders.order-events.v1", "table": "orders.order_events_v1", "deadLetterTopic": "orders.order-events.v1.dlq"},
         "access": {"readers": ["marketing", "finance"]},
         "inputs": [{"name": "orders", "kind": "kafka", "source": "shop.orders"},
                    {"name": "customers", "kind": "product", "source": "customers.customer-profiles@1"}],
         "columnLineage": [
           {"column": "order_id", "from": [{"input": "orders", "column": "order_id"}]},
           {"column": "customer_email", "from": [{"input": "customers", "column": "email"}]},
           {"column": "order_total", "from": [{"input": "orders", "column": "total"}]},
           {"column": "customer_tier", "from": [{"input": "customers", "column": "tier"}]}]}
        """;
  }
}
