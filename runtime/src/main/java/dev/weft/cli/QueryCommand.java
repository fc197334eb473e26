package dev.weft.cli;

import dev.weft.dev.DevStack;
import dev.weft.execute.WeftOptions;
import dev.weft.trino.TrinoServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft query "SQL"}: one statement on Trino, printed as a table. */
@Command(name = "query", description = "Run one SQL statement on Trino (the one `weft dev --with-trino` started, or --trino) and print the result.")
final class QueryCommand implements Callable<Integer> {
  /** trino-jdbc puts the query id before Trino's own message; the id differs on every run and says nothing to the user. */
  private static final Pattern QUERY_FAILED = Pattern.compile("^Query failed \\(#[^)]*\\): ");

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(index = "0", paramLabel = "SQL", description = "The statement, e.g. \"SELECT count(*) FROM iceberg.orders.order_events_v1\".")
  String sql;

  @Option(names = "--trino", paramLabel = "JDBC-URL",
      description = "Trino to ask, e.g. jdbc:trino://host:8080/iceberg (weft.trino.url). Default: the one a running `weft dev --with-trino` started.")
  String trino;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Work dir of that `weft dev` (weft.work-dir). Default: .weft")
  String workDir;

  @Option(names = "--user", paramLabel = "NAME", description = "User name Trino runs the query as, unless the URL names one. Default: your login name.")
  String user = System.getProperty("user.name");

  @Override
  public Integer call() {
    Configuration options = new Configuration();
    if (trino != null) options.set(WeftOptions.TRINO_URL, trino);
    if (workDir != null) options.set(WeftOptions.WORK_DIR, workDir);
    String url = url(options);
    Properties properties = new Properties();
    if (!url.contains("user=")) {
      properties.setProperty("user", user);
    }
    try (Connection connection = DriverManager.getConnection(url, properties); Statement statement = connection.createStatement()) {
      if (statement.execute(sql)) {
        command.commandLine().getOut().print(ResultTable.read(statement.getResultSet()).format());
      } else {
        long count = statement.getLargeUpdateCount();
        command.commandLine().getOut().println(count < 0 ? "done" : "(" + count + (count == 1 ? " row)" : " rows)"));
      }
      command.commandLine().getOut().flush();
      return 0;
    } catch (SQLException e) {
      command.commandLine().getErr().println(message(e, url));
      return 1;
    }
  }

  private static String url(Configuration options) {
    Optional<String> given = options.getOptional(WeftOptions.TRINO_URL);
    if (given.isPresent()) {
      if (!given.get().startsWith("jdbc:trino://")) {
        throw new IllegalArgumentException("--trino " + given.get() + ": not a Trino JDBC URL; it looks like jdbc:trino://HOST:PORT/iceberg");
      }
      return given.get();
    }
    Path directory = DevStack.trinoDirectory(options);
    return TrinoServer.runningUrl(directory).orElseThrow(() -> new IllegalStateException(
        "no Trino to query: no `weft dev --with-trino` runs with work dir " + Path.of(options.get(WeftOptions.WORK_DIR)).toAbsolutePath()
            + " (it would name its Trino in " + directory.resolve(TrinoServer.URL_FILE) + "); start one, or give --trino jdbc:trino://HOST:PORT/iceberg"));
  }

  /** Trino's own message for a statement it refused; for a server that does not answer, where it was looked for. */
  static String message(SQLException e, String url) {
    String text = e.getMessage() == null ? e.toString() : e.getMessage();
    if (QUERY_FAILED.matcher(text).find()) {
      return QUERY_FAILED.matcher(text).replaceFirst("");
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return "cannot query Trino at " + url + ": " + text + (root != e && root.getMessage() != null ? " (" + root.getMessage() + ")" : "");
  }
}
