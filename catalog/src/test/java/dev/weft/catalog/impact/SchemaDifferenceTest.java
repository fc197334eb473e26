package dev.weft.catalog.impact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalog.product.ProductRegistration.Column;
import dev.weft.catalog.product.ProductRegistration.PublishedSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which changes break a reader of a column, and a reader of whole records, whatever the compatibility mode allows. */
class SchemaDifferenceTest {
  private static final ProductRegistration V1 = new ProductRegistration("orders", "order-events", "1.0.0", "orders-team@acme.example", "",
      List.of(), null, "", new PublishedSchema(List.of("order_id"), List.of(
          new Column("order_id", "BIGINT", "", false, null, false),
          new Column("order_total", "DECIMAL(12,2)", "", false, null, true),
          new Column("channel", "STRING", "", false, null, true),
          new Column("note", "STRING", "", false, null, false))),
      null, null, null, null, List.of(), List.of());

  @Test
  void aWidenedTypeBreaksItsReadersThoughBackwardModeAllowsIt() {
    SchemaDifference difference = SchemaDifference.between(V1, new PublishedSchema(List.of("order_id"), List.of(
        new Column("order_id", "BIGINT", "", false, null, false),
        new Column("order_total", "DECIMAL(14,2)", "", false, null, true),
        new Column("channel", "STRING", "", false, null, true),
        new Column("note", "STRING", "", false, null, true),
        new Column("coupon", "STRING", "", false, null, true))));
    assertThat(difference.refused()).isEmpty();
    assertThat(difference.breaking("order_total")).map(SchemaDifference::what)
        .contains("column 'order_total' changed from DECIMAL(12,2) to DECIMAL(14,2) (widened)");
    assertThat(difference.breaking("channel")).isEmpty();
    // made nullable: listed, but a reader of the column still reads it
    assertThat(difference.changes()).extracting(SchemaDifference::what)
        .containsExactly("column 'order_total' changed from DECIMAL(12,2) to DECIMAL(14,2) (widened)", "column 'note' made nullable");
    assertThat(difference.breaking("note")).isEmpty();
    assertThat(difference.added()).containsExactly("coupon");
    assertThat(difference.breakingWholeRecords()).extracting(SchemaDifference::what)
        .containsExactly("column 'order_total' changed from DECIMAL(12,2) to DECIMAL(14,2) (widened)");
  }

  @Test
  void aNewPrimaryKeyBreaksEveryWholeRecordReaderAndTheCatalogRefusesIt() {
    SchemaDifference difference = SchemaDifference.between(V1, new PublishedSchema(List.of("order_id", "channel"), V1.schema().columns()));
    assertThat(difference.breakingWholeRecords()).extracting(SchemaDifference::what)
        .containsExactly("primary key changed from [order_id] to [order_id, channel]");
    assertThat(difference.refused()).hasSize(1);
    assertThat(difference.breaking("order_id")).isEmpty();
  }
}
