package dev.weft.catalog.http;

import dev.weft.catalog.Refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTest {
  private static final Route PRODUCT = new Route("GET", "/api/v1/products/{domain}/{name}", false, request -> null);

  @Test
  void matchesTemplatesAndDecodesSegments() {
    assertThat(PRODUCT.match("/api/v1/products/orders/order-events")).isEqualTo(Map.of("domain", "orders", "name", "order-events"));
    assertThat(PRODUCT.match("/api/v1/products/orders/order-events/")).isEqualTo(Map.of("domain", "orders", "name", "order-events"));
    assertThat(PRODUCT.match("/api/v1/products/orders/a%20b+c")).isEqualTo(Map.of("domain", "orders", "name", "a b+c"));
    assertThat(PRODUCT.match("/api/v1/products/orders")).isNull();
    assertThat(PRODUCT.match("/api/v1/products/orders//")).isNull();
    assertThat(PRODUCT.match("/api/v1/products/orders/order-events/versions")).isNull();
    assertThat(new Route("GET", "/", false, request -> null).match("/")).isEmpty();
    assertThat(new Route("GET", "/", false, request -> null).match("/cost")).isNull();
  }

  @Test
  void readsQueryStrings() {
    assertThat(Router.queryParameters("q=a+b&tag=x&tag=y&empty=&flag"))
        .isEqualTo(Map.of("q", List.of("a b"), "tag", List.of("x", "y"), "empty", List.of(""), "flag", List.of("")));
    assertThat(Router.queryParameters("q=%27%3B%20DROP")).isEqualTo(Map.of("q", List.of("'; DROP")));
    assertThatThrownBy(() -> Router.queryParameters("q=%zz"))
        .isInstanceOf(Refusal.class).hasMessageStartingWith("malformed query string: ");
  }
}
