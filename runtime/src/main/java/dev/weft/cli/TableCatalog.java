package dev.weft.cli;

import dev.weft.dev.DevStack;
import dev.weft.dev.EmbeddedPostgres;
import dev.weft.execute.IcebergCatalogSettings;
import dev.weft.execute.WeftOptions;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;

/**
 * The Iceberg catalog of a command that works on products' tables while they do not run: the one
 * {@code --catalog-uri} names, or else the embedded PostgreSQL in the work directory, as the last
 * embedded run left it (started for the command, and stopped after it).
 */
final class TableCatalog {
  /** What a command does with the catalog; returns its exit code. */
  interface Use {
    int on(IcebergCatalogSettings catalog) throws Exception;
  }

  private TableCatalog() {}

  static int use(Configuration options, Use use) throws Exception {
    if (options.getOptional(WeftOptions.CATALOG_URI).isPresent()) {
      return use.on(IcebergCatalogSettings.external(options));
    }
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start(DevStack.postgresDirectory(Path.of(options.get(WeftOptions.WORK_DIR)).toAbsolutePath()))) {
      return use.on(IcebergCatalogSettings.of(options, postgres.jdbcUrl(), postgres.user(), ""));
    }
  }
}
