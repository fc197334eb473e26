package dev.weft.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlierDevRunTest {
  @TempDir Path work;

  @Test
  void clearsTheDataOfAnEarlierEmbeddedRunAndKeepsTrinoAndSecrets() throws Exception {
    for (String part : new String[] {"postgres/base", "checkpoints/orders.order-events.v1/abc/chk-3", "warehouse/orders/data", "rocksdb/job",
        "trino/etc", "secrets"}) {
      Files.createDirectories(work.resolve(part));
    }
    Files.writeString(work.resolve("checkpoints/orders.order-events.v1/abc/chk-3/_metadata"), "state");
    Files.writeString(work.resolve("secrets/shop-db-password"), "secret");
    Files.writeString(work.resolve("trino/etc/config.properties"), "coordinator=true");
    Files.writeString(work.resolve("postgres.owner"), "999999999");

    EarlierDevRun.clear(work);

    try (var left = Files.list(work)) {
      assertThat(left.map(path -> path.getFileName().toString()).sorted()).containsExactly("secrets", "trino");
    }
    assertThat(Files.readString(work.resolve("secrets/shop-db-password"))).isEqualTo("secret");
    assertThat(Files.readString(work.resolve("trino/etc/config.properties"))).isEqualTo("coordinator=true");
  }

  @Test
  void anEmptyWorkDirectoryStaysAsItIs() throws Exception {
    EarlierDevRun.clear(work);

    try (var left = Files.list(work)) {
      assertThat(left).isEmpty();
    }
  }
}
