package dev.weft.jobs.source.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Decimal;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

class SourceColumnsTest {
  private static final RowType DECLARED = RowType.of(
      new LogicalType[] {new BigIntType(), VarCharType.STRING_TYPE, new DecimalType(10, 2), new LocalZonedTimestampType(3)},
      new String[] {"customer_id", "tier", "credit", "updated_at"});
  private final SourceColumns columns = new SourceColumns("customers.profiles", "customers", "public.customers", DECLARED);

  private static SchemaBuilder row() {
    return SchemaBuilder.struct()
        .field("customer_id", Schema.INT64_SCHEMA)
        .field("tier", Schema.OPTIONAL_STRING_SCHEMA)
        .field("credit", Decimal.builder(2).optional().build())
        .field("updated_at", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").build());
  }

  @Test
  void acceptsTheDeclaredColumnsAndIgnoresAddedOnes() {
    columns.check(row().build());
    columns.check(row().field("loyalty_points", Schema.OPTIONAL_INT32_SCHEMA).build());
  }

  @Test
  void namesADroppedColumn() {
    Schema withoutTier = SchemaBuilder.struct()
        .field("customer_id", Schema.INT64_SCHEMA)
        .field("credit", Decimal.builder(2).optional().build())
        .field("updated_at", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").build())
        .build();
    assertThatThrownBy(() -> columns.check(withoutTier))
        .isInstanceOf(SourceSchemaChangedException.class)
        .hasMessage("product customers.profiles: input 'customers' reads column 'tier', which public.customers no longer has "
            + "(dropped upstream); remove it from the input and the transform, or restore it");
  }

  @Test
  void namesARetypedColumn() {
    Schema retyped = SchemaBuilder.struct()
        .field("customer_id", Schema.STRING_SCHEMA)
        .field("tier", Schema.OPTIONAL_STRING_SCHEMA)
        .field("credit", Decimal.builder(2).optional().build())
        .field("updated_at", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").build())
        .build();
    assertThatThrownBy(() -> columns.check(retyped))
        .isInstanceOf(SourceSchemaChangedException.class)
        .hasMessage("product customers.profiles: input 'customers' reads column 'customer_id' as BIGINT, but public.customers now "
            + "has it as string (retyped upstream); change the input's column type and the transform to match");
  }

  @Test
  void widerIntegersAndTimestampEncodingsAreCompatible() {
    assertThat(SourceColumns.compatible(new BigIntType(), Schema.INT32_SCHEMA)).isTrue();
    assertThat(SourceColumns.compatible(new BigIntType(), Decimal.schema(0))).isFalse();
    assertThat(SourceColumns.compatible(new LocalZonedTimestampType(3), SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build()))
        .isTrue();
    assertThat(SourceColumns.compatible(new LocalZonedTimestampType(3), Schema.INT64_SCHEMA)).isFalse();
    assertThat(SourceColumns.compatible(new DecimalType(10, 2), Schema.FLOAT64_SCHEMA)).isFalse();
  }

  @Test
  void binlogFilesAreNumbered() {
    assertThat(ChangeOrigin.binlogNumber("mysql-bin.000042")).isEqualTo(42);
    assertThat(ChangeOrigin.binlogNumber("mariadb-bin.1")).isEqualTo(1);
    assertThat(ChangeOrigin.binlogNumber("no-number")).isZero();
  }
}
