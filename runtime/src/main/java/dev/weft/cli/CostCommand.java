package dev.weft.cli;

import dev.weft.catalog.client.CatalogClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weft cost}: the catalog's chargeback report, as a table or as CSV. */
@Command(name = "cost", mixinStandardHelpOptions = true, description = "Print the catalog's chargeback report: cost per domain, product or cost centre over a window.")
final class CostCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Option(names = "--catalog", paramLabel = "URL", defaultValue = "http://localhost:8081",
      description = "The catalog service. Default: http://localhost:8081")
  URI catalog;

  @Option(names = "--since", paramLabel = "DURATION", defaultValue = "7d", description = "The window, ending now, e.g. 24h or 30d. Default: 7d.")
  String since;

  @Option(names = "--by", paramLabel = "GROUP", defaultValue = "domain", description = "domain, product or costCenter. Default: domain.")
  String by;

  @Option(names = "--csv", description = "Print the report as CSV, as the catalog's format=csv gives it.")
  boolean csv;

  @Override
  public Integer call() {
    // reads need no token
    String report = new CatalogClient(catalog, "").cost(since, by, true);
    var out = command.commandLine().getOut();
    out.print(csv ? report : aligned(report));
    out.flush();
    return 0;
  }

  /** The CSV as columns padded to their widest value; numbers right-aligned. */
  static String aligned(String csv) {
    List<String[]> rows = new ArrayList<>();
    for (String line : csv.split("\r\n")) {
      if (!line.isEmpty()) {
        rows.add(splitCsv(line));
      }
    }
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        boolean left = c == 0 || c == columns - 1 || r == 0;
        line.append(c == 0 ? "" : "  ").append(left ? String.format("%-" + widths[c] + "s", row[c]) : String.format("%" + widths[c] + "s", row[c]));
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }

  private static String[] splitCsv(String line) {
    List<String> values = new ArrayList<>();
    StringBuilder value = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        value.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        values.add(value.toString());
        value.setLength(0);
      } else {
        value.append(c);
      }
    }
    values.add(value.toString());
    return values.toArray(String[]::new);
  }
}
