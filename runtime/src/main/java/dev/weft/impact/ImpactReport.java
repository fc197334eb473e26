package dev.weft.impact;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a new version of a product would touch, and which of it the change breaks.
 *
 * @param against the version of the same major the catalog holds, which the new one replaces; empty
 *     when the catalog holds none (a new product or a new major: nobody reads its topic and table yet)
 * @param consumerGroups empty when no Kafka cluster was given to ask
 */
public record ImpactReport(
    String product, String version, Optional<String> against, String topic, String table, SchemaDifference difference,
    List<Reader> downstream, Optional<List<Reader>> consumerGroups, List<Reader> trinoReaders) {

  public ImpactReport {
    downstream = List.copyOf(downstream);
    trinoReaders = List.copyOf(trinoReaders);
  }

  /** The readers the change breaks. */
  public List<Reader> broken() {
    return Stream.of(downstream, consumerGroups.orElse(List.of()), trinoReaders).flatMap(List::stream).filter(Reader::broken).toList();
  }

  public void print(PrintWriter out) {
    out.println(product + " " + version + (against.isEmpty()
        ? ": the catalog holds no version of its major, so nothing reads " + topic + " or " + table + " yet"
        : " against " + against.get() + " in the catalog (topic " + topic + ", table " + table + ")"));
    if (against.isPresent()) {
      out.println("changes:");
      if (difference.changes().isEmpty() && difference.added().isEmpty()) {
        out.println("  none to the schema");
      }
      difference.changes().forEach(change -> out.println("  " + SchemaDifference.what(change)));
      difference.added().forEach(column -> out.println("  column '" + column + "' added"));
      out.println(difference.refused().isEmpty() ? "  its compatibility mode allows them"
          : "  the catalog refuses it: " + difference.refused().size() + " change(s) its compatibility mode does not allow (weft validate --catalog-url names them)");
    }
    section(out, "downstream products (the catalog's column lineage: upstream column -> their column)", downstream);
    consumerGroups.ifPresentOrElse(groups -> section(out, "consumer groups on " + topic + " (Kafka)", groups),
        () -> out.println("consumer groups on " + topic + ": not asked (give --kafka)"));
    section(out, "Trino readers (access.readers) of " + table, trinoReaders);
    List<Reader> broken = broken();
    out.println(broken.isEmpty() ? "nothing breaks" : broken.size() + " reader(s) break");
  }

  private static void section(PrintWriter out, String title, List<Reader> readers) {
    out.println(title + ":");
    if (readers.isEmpty()) {
      out.println("  none");
    }
    for (Reader reader : readers) {
      out.println("  " + (reader.broken() ? "BREAKS " : "ok     ") + reader.name() + ": " + reader.reads());
      reader.breaks().forEach(reason -> out.println("         " + reason));
    }
  }
}
