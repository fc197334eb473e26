package dev.weft.execute;

import dev.weft.plan.CdcPlan;
import dev.weft.plan.InputPlan;
import dev.weft.plan.ProductPlan;
import dev.weft.jobs.mask.SecretLookup;
import dev.weft.jobs.secret.SecretReference;
import dev.weft.jobs.source.cdc.CapturedTable;
import dev.weft.jobs.source.cdc.MySqlTable;
import dev.weft.jobs.source.cdc.PostgresTable;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The tables a product's CDC inputs read, with their {@code ${env:…}}/{@code ${secret:…}} references resolved. */
public final class ChangeSources {
  private static final Map<String, Integer> DEFAULT_PORTS = Map.of("postgres", 5432, "mysql", 3306);
  private static final Map<String, String> URL_PREFIXES = Map.of("postgres", "jdbc:postgresql://", "mysql", "jdbc:mysql://");
  /** Binlog readers of one input use this many consecutive server ids (enough for its parallel readers). */
  private static final int SERVER_IDS_PER_INPUT = 8;
  private static final int FIRST_SERVER_ID = 10_000;

  private ChangeSources() {}

  /**
   * @throws IllegalArgumentException naming the input, when a reference is not set or the URL is
   *     not a JDBC URL of the input's connector
   */
  public static Map<String, CapturedTable> resolve(ProductPlan plan, UnaryOperator<String> references) {
    Map<String, CapturedTable> tables = new LinkedHashMap<>();
    for (InputPlan input : plan.inputs()) {
      if (input instanceof InputPlan.Cdc captured) {
        CdcPlan cdc = captured.capture();
        try {
          tables.put(input.name(), table(cdc, references.apply(cdc.url()), references.apply(cdc.username()), references.apply(cdc.password())));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("product " + plan.product() + ", input '" + input.name() + "': " + e.getMessage(), e);
        }
      }
    }
    return tables;
  }

  /**
   * Checks that the tasks will find each CDC password the plan gives as a reference: they look it
   * up themselves, in {@code tasks} (this process's view of it), not with the references this
   * process resolved it with.
   *
   * @throws IllegalArgumentException naming the product, the input, the reference and where it is looked up, never a value
   */
  public static void checkTasksFindPasswords(ProductPlan plan, SecretLookup tasks) {
    for (InputPlan input : plan.inputs()) {
      if (!(input instanceof InputPlan.Cdc captured)) {
        continue;
      }
      SecretReference.parse(captured.capture().password()).ifPresent(password -> {
        try {
          password.resolve(tasks);
        } catch (IllegalStateException e) {
          throw new IllegalArgumentException("product " + plan.product() + ", input '" + input.name() + "': the password " + password
              + " is resolved by the job's tasks, but " + e.getMessage(), e);
        }
      });
    }
  }

  /** Stand-ins that let the job's operators be built without resolving anything (weft plan). */
  public static Map<String, CapturedTable> placeholders(ProductPlan plan) {
    Map<String, CapturedTable> tables = new LinkedHashMap<>();
    for (InputPlan input : plan.inputs()) {
      if (input instanceof InputPlan.Cdc captured) {
        CdcPlan cdc = captured.capture();
        tables.put(input.name(), table(cdc, URL_PREFIXES.get(cdc.connector()) + "database/database", cdc.username(), cdc.password()));
      }
    }
    return tables;
  }

  private static CapturedTable table(CdcPlan cdc, String url, String username, String password) {
    String prefix = URL_PREFIXES.get(cdc.connector());
    String example = prefix + "host:port/database";
    if (!url.startsWith(prefix)) {
      throw new IllegalArgumentException("url '" + url + "' is not a " + cdc.connector() + " JDBC URL; write " + example);
    }
    URI uri = URI.create(url.substring("jdbc:".length()));
    String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (uri.getHost() == null || (database.isEmpty() && cdc.connector().equals("postgres"))) {
      throw new IllegalArgumentException("url '" + url + "' names no host or database; write " + example);
    }
    int port = uri.getPort() < 0 ? DEFAULT_PORTS.get(cdc.connector()) : uri.getPort();
    int dot = cdc.table().indexOf('.');
    String qualifier = cdc.table().substring(0, dot);
    String name = cdc.table().substring(dot + 1);
    if (cdc.connector().equals("mysql")) {
      return new MySqlTable(uri.getHost(), port, qualifier, name, username, password, serverIds(cdc.slotName()));
    }
    return new PostgresTable(uri.getHost(), port, database, qualifier, name, username, password, cdc.slotName());
  }

  /** A range of replica server ids derived from the input's name, so products do not collide. */
  private static String serverIds(String inputName) {
    int first = FIRST_SERVER_ID + Math.floorMod(inputName.hashCode(), 100_000_000) * SERVER_IDS_PER_INPUT;
    return first + "-" + (first + SERVER_IDS_PER_INPUT - 1);
  }
}
