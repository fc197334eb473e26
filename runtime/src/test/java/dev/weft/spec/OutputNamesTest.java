package dev.weft.spec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Topic and table names given in outputs: plain characters only, in the product's own domain. */
class OutputNamesTest {
  private static String spec(String outputs) {
    return """
        apiVersion: weft/v1
        kind: DataProduct
        metadata: { name: clicks, domain: web-shop, version: 1.0.0, owner: web@acme.example }
        inputs:
          - name: clicks
            kafka: { topic: web.clicks, columns: [ { name: url, type: STRING } ] }
        schema:
          columns: [ { name: url, type: STRING } ]
        outputs:
        """ + outputs;
  }

  @Test
  void unsafeCharactersAndParentStepsAreRefusedWhereTheyAreWritten() {
    assertThatThrownBy(() -> SpecLoader.load("names.yaml", spec("""
          topic: { name: "web-shop.clicks;rm -rf" }
          table: { name: "web_shop/../clicks" }
        """)))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("""
            names.yaml:10:18: 'outputs.topic.name' may hold only letters, digits, '.', '_' and '-' (no '/', ';' or whitespace), \
            got "web-shop.clicks;rm -rf"
            names.yaml:11:18: 'outputs.table.name' must be <namespace>.<table> or <table>, each a lower-case letter then lower-case \
            letters, digits or '_' (no '..', '/', ';' or whitespace), got "web_shop/../clicks\"""");
    assertThatThrownBy(() -> SpecLoader.load("dots.yaml", spec("""
          topic: { name: web-shop..clicks }
          table: { name: "web_shop.clicks v1" }
        """)))
        .hasMessage("""
            dots.yaml:10:18: 'outputs.topic.name' must not contain '..', got "web-shop..clicks"
            dots.yaml:11:18: 'outputs.table.name' must be <namespace>.<table> or <table>, each a lower-case letter then lower-case \
            letters, digits or '_' (no '..', '/', ';' or whitespace), got "web_shop.clicks v1\"""");
  }

  @Test
  void namesOutsideTheProductsDomainAreRefused() {
    assertThatThrownBy(() -> SpecLoader.load("other.yaml", spec("""
          topic: { name: orders.order-events.v1 }
          table: { name: orders.order_events_v1 }
        """)))
        .hasMessage("""
            other.yaml:10:18: 'outputs.topic.name' must start with the product's domain, 'web-shop.', so that only the domain's jobs \
            may write it, got "orders.order-events.v1"
            other.yaml:11:18: 'outputs.table.name' must be in the product's domain namespace, 'web_shop', so that only the domain's \
            jobs may write it, got "orders.order_events_v1\"""");
  }
}
