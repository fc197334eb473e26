package dev.weft.jobs.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.jobs.mask.SecretLookup;
import dev.weft.jobs.source.cdc.ChangeRowDeserializer;
import dev.weft.jobs.source.cdc.MySqlChangeSource;
import dev.weft.jobs.source.cdc.MySqlTable;
import dev.weft.jobs.source.cdc.PostgresChangeSource;
import dev.weft.jobs.source.cdc.PostgresTable;
import dev.weft.jobs.source.cdc.SourceColumns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flink CDC's sources serialize their password: the job carries a reference, which the source resolves where it runs. */
class SecretResolvingSourceTest {
  private static final String CANARY = "canary-cdc-unit-4e1f";
  private static final RowType COLUMNS = RowType.of(new LogicalType[] {new BigIntType()}, new String[] {"customer_id"});

  @TempDir Path secrets;

  private static ChangeRowDeserializer deserializer() {
    return new ChangeRowDeserializer(new SourceColumns("shop.customers", "customers", "public.customers", COLUMNS), COLUMNS, "postgres:public.customers");
  }

  private static String serialized(Object source) throws Exception {
    // Java serialization writes ASCII strings as they are
    return new String(InstantiationUtil.serializeObject(source), StandardCharsets.ISO_8859_1);
  }

  @Test
  void aPostgresSourceWithAReferenceCarriesTheReferenceAndResolvesItWhereItRuns() throws Exception {
    Files.writeString(secrets.resolve("shop-db"), CANARY + "\n");
    PostgresTable table = new PostgresTable("localhost", 5432, "shop", "public", "customers", "shop", CANARY, "weft_slot");
    Source<?, ?, ?> source = PostgresChangeSource.create(table, SecretReference.parse("${secret:shop-db}"),
        SecretLookup.of(Optional.of(secrets)), deserializer(), 1000, true, false);

    assertThat(serialized(source)).doesNotContain(CANARY).contains("shop-db");
    assertThat(serialized(PostgresChangeSource.create(table, deserializer(), 1000, true, false)))
        .as("the source Flink CDC builds holds the password").contains(CANARY);
    Source<?, ?, ?> shipped = InstantiationUtil.deserializeObject(InstantiationUtil.serializeObject(source), getClass().getClassLoader());
    assertThat(shipped.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
    assertThat(shipped.getSplitSerializer()).as("built where it runs, with the looked-up password").isNotNull();
    assertThat(serialized(shipped)).as("what it built is not serialized again").doesNotContain(CANARY);
  }

  @Test
  void aMySqlSourceWithAReferenceCarriesTheReference() throws Exception {
    MySqlTable table = new MySqlTable("localhost", 3306, "shop", "customers", "shop", CANARY, "10000-10007");
    Source<?, ?, ?> source = MySqlChangeSource.create(table, SecretReference.parse("${secret:shop-db}"),
        SecretLookup.of(Optional.of(secrets)), deserializer(), 1000, false, Optional.empty());

    assertThat(serialized(source)).doesNotContain(CANARY).contains("shop-db");
    assertThat(source.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
    assertThatThrownBy(source::getSplitSerializer).as("not set where it runs: named, never quoted")
        .hasMessage("secret shop-db is not set where this task runs (set WEFT_SECRET_SHOP_DB or put it in " + secrets.resolve("shop-db") + ")");
  }
}
