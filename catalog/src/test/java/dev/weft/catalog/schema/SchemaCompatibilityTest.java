package dev.weft.catalog.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.catalog.product.ProductRegistration.Column;
import dev.weft.catalog.product.ProductRegistration.PublishedSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaCompatibilityTest {
  private static final PublishedSchema V1 = schema(List.of("order_id"),
      column("order_id", "BIGINT", false), column("total", "DECIMAL(12,2)", true), column("items", "INT", false),
      column("note", "STRING", true));

  /** One change from V1, and what each mode says about it ("ok", or the breaking change's message). */
  private record Row(String change, PublishedSchema next, Map<CompatibilityMode, String> verdicts) {}

  private static final String OK = "ok";

  private static final List<Row> TABLE = List.of(
      row("column added, nullable", add(V1, column("tier", "STRING", true)), OK, OK, OK),
      row("column added, NOT NULL", add(V1, column("tier", "STRING", false)),
          "column 'tier' added as NOT NULL: what 1.2.0 published has no value for it; add it nullable", OK,
          "column 'tier' added as NOT NULL: what 1.2.0 published has no value for it; add it nullable"),
      row("column dropped", without(V1, "note"), OK, "column 'note' dropped: consumers of 1.2.0 read it",
          "column 'note' dropped: consumers of 1.2.0 read it"),
      row("type widened INT to BIGINT", retyped(V1, "items", "BIGINT"), OK,
          "column 'items' changed from INT to BIGINT (widened): consumers of 1.2.0 cannot hold every value of BIGINT",
          "column 'items' changed from INT to BIGINT (widened): consumers of 1.2.0 cannot hold every value of BIGINT"),
      row("type narrowed DECIMAL(12,2) to DECIMAL(10,2)", retyped(V1, "total", "DECIMAL(10,2)"),
          "column 'total' changed from DECIMAL(12,2) to DECIMAL(10,2) (narrowed): not every value 1.2.0 published fits DECIMAL(10,2)", OK,
          "column 'total' changed from DECIMAL(12,2) to DECIMAL(10,2) (narrowed): not every value 1.2.0 published fits DECIMAL(10,2)"),
      row("type changed STRING to INT", retyped(V1, "note", "INT"),
          "column 'note' changed from STRING to INT: neither type holds every value of the other",
          "column 'note' changed from STRING to INT: neither type holds every value of the other",
          "column 'note' changed from STRING to INT: neither type holds every value of the other"),
      row("type written otherwise (string, varchar(2147483647))", retyped(V1, "note", "varchar(2147483647)"), OK, OK, OK),
      row("nullability tightened", renull(V1, "total", false),
          "column 'total' made NOT NULL: 1.2.0 published NULLs in it", OK, "column 'total' made NOT NULL: 1.2.0 published NULLs in it"),
      row("nullability relaxed", renull(V1, "items", true), OK,
          "column 'items' made nullable: consumers of 1.2.0 expect a value in every record",
          "column 'items' made nullable: consumers of 1.2.0 expect a value in every record"),
      row("primary key changed", rekeyed(V1, List.of("order_id", "items")),
          "primary key changed from [order_id] to [order_id, items]: records are keyed, compacted and upserted by it",
          "primary key changed from [order_id] to [order_id, items]: records are keyed, compacted and upserted by it",
          "primary key changed from [order_id] to [order_id, items]: records are keyed, compacted and upserted by it"),
      row("primary key removed", rekeyed(V1, List.of()),
          "primary key changed from [order_id] to none: records are keyed, compacted and upserted by it",
          "primary key changed from [order_id] to none: records are keyed, compacted and upserted by it",
          "primary key changed from [order_id] to none: records are keyed, compacted and upserted by it"),
      row("columns reordered", schema(List.of("order_id"), V1.columns().get(3), V1.columns().get(2), V1.columns().get(1), V1.columns().get(0)),
          OK, OK, OK));

  @Test
  void eachChangeInEachModeHasItsVerdict() {
    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    for (Row row : TABLE) {
      for (CompatibilityMode mode : CompatibilityMode.values()) {
        String verdict = mode == CompatibilityMode.NONE ? OK : row.verdicts().get(mode);
        expected.add(row.change() + " / " + mode.text() + ": " + verdict);
        List<SchemaChange> changes = SchemaCompatibility.breakingChanges(V1, "1.2.0", withMode(row.next(), mode));
        actual.add(row.change() + " / " + mode.text() + ": "
            + (changes.isEmpty() ? OK : String.join(" | ", changes.stream().map(SchemaChange::message).toList())));
      }
    }
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @Test
  void everyBreakingChangeIsNamedInColumnOrderDroppedFirstKeyLast() {
    PublishedSchema next = schema(List.of("items"), column("items", "SMALLINT", false), column("total", "DECIMAL(12,2)", false),
        column("order_id", "BIGINT", false));
    assertThat(SchemaCompatibility.breakingChanges(V1, "1.2.0", withMode(next, CompatibilityMode.FULL)))
        .extracting(SchemaChange::kind, SchemaChange::column)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(SchemaChange.Kind.COLUMN_DROPPED, "note"),
            org.assertj.core.groups.Tuple.tuple(SchemaChange.Kind.TYPE_NARROWED, "items"),
            org.assertj.core.groups.Tuple.tuple(SchemaChange.Kind.NULLABILITY_TIGHTENED, "total"),
            org.assertj.core.groups.Tuple.tuple(SchemaChange.Kind.PRIMARY_KEY_CHANGED, null));
  }

  @Test
  void widerAndNarrowerTypes() {
    assertThat(ColumnTypes.holds("BIGINT", "INTEGER")).isTrue();
    assertThat(ColumnTypes.holds("INT", "BIGINT")).isFalse();
    assertThat(ColumnTypes.holds("DOUBLE", "FLOAT")).isTrue();
    assertThat(ColumnTypes.holds("DECIMAL(14,4)", "DECIMAL(12,2)")).isTrue();
    assertThat(ColumnTypes.holds("DECIMAL(12,4)", "DECIMAL(12,2)")).as("fewer digits before the point").isFalse();
    assertThat(ColumnTypes.holds("DECIMAL(19,0)", "BIGINT")).isTrue();
    assertThat(ColumnTypes.holds("DECIMAL(18,0)", "BIGINT")).isFalse();
    assertThat(ColumnTypes.holds("STRING", "VARCHAR(20)")).isTrue();
    assertThat(ColumnTypes.holds("VARCHAR(10)", "STRING")).isFalse();
    assertThat(ColumnTypes.holds("STRING", "CHAR(3)")).isTrue();
    assertThat(ColumnTypes.holds("CHAR(3)", "VARCHAR(3)")).isFalse();
    assertThat(ColumnTypes.holds("TIMESTAMP_LTZ(6)", "TIMESTAMP_LTZ(3)")).isTrue();
    assertThat(ColumnTypes.holds("TIMESTAMP(3)", "TIMESTAMP_LTZ(3)")).isFalse();
    assertThat(ColumnTypes.holds("STRING", "BIGINT")).isFalse();
    assertThat(ColumnTypes.normalized("TIMESTAMP(3) WITH LOCAL TIME ZONE")).isEqualTo(ColumnTypes.normalized("TIMESTAMP_LTZ(3)"));
    assertThat(ColumnTypes.normalized("timestamp with local time zone")).isEqualTo(ColumnTypes.normalized("TIMESTAMP_LTZ(6)"));
    assertThat(ColumnTypes.normalized("TIMESTAMP(3) WITHOUT TIME ZONE")).isEqualTo(ColumnTypes.normalized("TIMESTAMP(3)"));
    assertThat(ColumnTypes.normalized("NUMERIC(12, 2)")).isEqualTo(ColumnTypes.normalized("DECIMAL(12,2)"));
  }

  @Test
  void aColumnOfUnknownNullabilityIsTakenAsNullable() {
    PublishedSchema recordedBefore = schema(List.of(), new Column("total", "INT", null, false, null));
    assertThat(SchemaCompatibility.breakingChanges(recordedBefore, "1.0.0", schema(List.of(), column("total", "INT", false))))
        .extracting(SchemaChange::message).containsExactly("column 'total' made NOT NULL: 1.0.0 published NULLs in it");
  }

  @Test
  void anUnknownModeIsNamed() {
    PublishedSchema next = new PublishedSchema(List.of(), V1.columns(), "sideways");
    assertThatThrownBy(() -> SchemaCompatibility.breakingChanges(V1, "1.2.0", next))
        .hasMessage("schema.compatibility: must be one of backward, forward, full, none, was 'sideways'");
  }

  private static Row row(String change, PublishedSchema next, String backward, String forward, String full) {
    return new Row(change, next, Map.of(CompatibilityMode.BACKWARD, backward, CompatibilityMode.FORWARD, forward, CompatibilityMode.FULL, full));
  }

  private static Column column(String name, String type, boolean nullable) {
    return new Column(name, type, null, false, null, nullable);
  }

  private static PublishedSchema schema(List<String> key, Column... columns) {
    return new PublishedSchema(key, List.of(columns));
  }

  private static PublishedSchema withMode(PublishedSchema schema, CompatibilityMode mode) {
    return new PublishedSchema(schema.primaryKey(), schema.columns(), mode.text());
  }

  private static PublishedSchema add(PublishedSchema schema, Column column) {
    List<Column> columns = new ArrayList<>(schema.columns());
    columns.add(column);
    return new PublishedSchema(schema.primaryKey(), columns);
  }

  private static PublishedSchema without(PublishedSchema schema, String name) {
    return new PublishedSchema(schema.primaryKey(), schema.columns().stream().filter(c -> !c.name().equals(name)).toList());
  }

  private static PublishedSchema retyped(PublishedSchema schema, String name, String type) {
    return new PublishedSchema(schema.primaryKey(), schema.columns().stream()
        .map(c -> c.name().equals(name) ? new Column(name, type, null, false, null, c.nullable()) : c).toList());
  }

  private static PublishedSchema renull(PublishedSchema schema, String name, boolean nullable) {
    return new PublishedSchema(schema.primaryKey(), schema.columns().stream()
        .map(c -> c.name().equals(name) ? column(name, c.type(), nullable) : c).toList());
  }

  private static PublishedSchema rekeyed(PublishedSchema schema, List<String> key) {
    return new PublishedSchema(key, schema.columns());
  }
}
