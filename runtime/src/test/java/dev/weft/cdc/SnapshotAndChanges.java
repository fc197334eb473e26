package dev.weft.cdc;

import static dev.weft.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.RunningProduct;
import dev.weft.execute.WeftOptions;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The CDC scenario every connector must pass: 5,000 existing rows, then, once the snapshot is
 * committed, 2,000 inserts, 1,000 updates and 500 deletes. Afterwards the table equals the source
 * table row by row, and the topic holds one record per change (a tombstone per delete) whose latest
 * value per key is the source row.
 */
final class SnapshotAndChanges {
  static final int EXISTING = 5_000;

  private SnapshotAndChanges() {}

  /** @param failAfter when above 0, the job fails once after that many published records and recovers */
  static void run(ProductRunner runner, ProductPlan plan, CustomersTable shop, Topics topics, long failAfter) throws Exception {
    shop.create();
    shop.insert(1, EXISTING + 1);
    runner.options().set(WeftOptions.FAIL_AFTER_RECORDS, failAfter);
    RunningProduct product = runner.start(plan, false, Optional.empty());
    try {
      Table table = runner.catalog().loadTable(IcebergTables.identifier(plan));
      await(() -> Tables.readAll(table).size() == EXISTING, "the snapshot committed to the table");
      shop.insert(EXISTING + 1, EXISTING + 2_001);
      shop.update(1, 1_001);
      shop.delete(EXISTING - 499, EXISTING + 1);
      List<CustomerRow> expected = shop.expectedRows();
      assertThat(expected).hasSize(EXISTING + 2_000 - 500);

      await(() -> CustomerRow.rowsOf(table).equals(expected), "the table to equal the source table");
      int changes = EXISTING + 2_000 + 1_000 + 500;
      await(() -> topics.readAll(plan.names().topic()).size() >= changes, "every change on the topic");

      assertThat(CustomerRow.rowsOf(table)).containsExactlyElementsOf(expected);
      List<ConsumerRecord<byte[], byte[]>> published = topics.readAll(plan.names().topic());
      assertThat(published).as("one record per change, none repeated").hasSize(changes);
      assertThat(CustomerRow.latestPerKey(published)).containsExactlyElementsOf(expected);
      assertThat(published.stream().filter(r -> r.value() == null).count()).isEqualTo(500);
      assertThat(topics.readAll(plan.names().deadLetterTopic())).isEmpty();
      assertThat(product.hasRestarted()).isEqualTo(failAfter > 0);
    } finally {
      product.cancel();
      runner.options().set(WeftOptions.FAIL_AFTER_RECORDS, 0L);
    }
  }
}
