package dev.weft.execute;

import dev.weft.compile.CdcPlan;
import dev.weft.compile.InputPlan;
import dev.weft.compile.ProductPlan;
import dev.weft.jobs.source.cdc.PostgresTable;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The tables a product's CDC inputs read, with their {@code ${env:…}}/{@code ${secret:…}} references resolved. */
public final class ChangeSources {
  private static final int DEFAULT_PORT = 5432;

  private ChangeSources() {}

  /**
   * @throws IllegalArgumentException naming the input, when a reference is not set or the URL is
   *     not a PostgreSQL JDBC URL
   */
  public static Map<String, PostgresTable> resolve(ProductPlan plan, UnaryOperator<String> references) {
    Map<String, PostgresTable> tables = new LinkedHashMap<>();
    for (InputPlan input : plan.inputs()) {
      input.cdc().ifPresent(cdc -> {
        try {
          tables.put(input.name(), table(cdc, references.apply(cdc.url()), references.apply(cdc.username()), references.apply(cdc.password())));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("product " + plan.product() + ", input '" + input.name() + "': " + e.getMessage(), e);
        }
      });
    }
    return tables;
  }

  /** Stand-ins that let the job's operators be built without resolving anything (weft plan). */
  public static Map<String, PostgresTable> placeholders(ProductPlan plan) {
    Map<String, PostgresTable> tables = new LinkedHashMap<>();
    for (InputPlan input : plan.inputs()) {
      input.cdc().ifPresent(cdc -> tables.put(input.name(), table(cdc, "jdbc:postgresql://database/database", cdc.username(), cdc.password())));
    }
    return tables;
  }

  private static PostgresTable table(CdcPlan cdc, String url, String username, String password) {
    if (!url.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException("url '" + url + "' is not a PostgreSQL JDBC URL; write jdbc:postgresql://host:port/database");
    }
    URI uri = URI.create(url.substring("jdbc:".length()));
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (uri.getHost() == null || path.isEmpty()) {
      throw new IllegalArgumentException("url '" + url + "' names no host or database; write jdbc:postgresql://host:port/database");
    }
    int dot = cdc.table().indexOf('.');
    return new PostgresTable(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), path,
        cdc.table().substring(0, dot), cdc.table().substring(dot + 1), username, password, cdc.slotName());
  }
}
