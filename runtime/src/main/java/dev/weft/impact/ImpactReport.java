package dev.weft.impact;

import dev.weft.catalog.impact.Impact;
import dev.weft.catalog.impact.ImpactAssessment;
import java.io.PrintWriter;
import java.util.List;

/**
 * What a new version of a product would touch, and which of it the change breaks, as {@code weft
 * impact} prints it.
 *
 * @param groupsAsked whether a Kafka cluster was asked for the consumer groups on its topic
 */
public record ImpactReport(Impact impact, boolean groupsAsked) {

  /** How many readers the change breaks. */
  public long broken() {
    return impact.brokenReaders();
  }

  public void print(PrintWriter out) {
    String topic = impact.topic();
    String table = impact.table();
    out.println(impact.product() + " " + impact.version() + (impact.against() == null
        ? ": the catalog holds no version of its major, so nothing reads " + topic + " or " + table + " yet"
        : " against " + impact.against() + " in the catalog (topic " + topic + ", table " + table + ")"));
    if (impact.against() != null) {
      out.println("changes:");
      if (impact.changes().isEmpty() && impact.added().isEmpty()) {
        out.println("  none to the schema");
      }
      impact.changes().forEach(change -> out.println("  " + change));
      impact.added().forEach(column -> out.println("  column '" + column + "' added"));
      out.println(impact.refused().isEmpty() ? "  its compatibility mode allows them"
          : "  the catalog refuses it: " + impact.refused().size() + " change(s) its compatibility mode does not allow (weft validate --catalog-url names them)");
    }
    out.println("downstream products (the catalog's column lineage: upstream column -> their column):");
    if (impact.downstream().isEmpty()) {
      out.println("  none");
    }
    impact.downstream().forEach(p -> line(out, p.breaking(), p.product() + " " + p.version(), ImpactAssessment.reads(p), p.breaks()));
    if (groupsAsked) {
      out.println("consumer groups on " + topic + " (Kafka):");
      if (impact.consumerGroups().isEmpty()) {
        out.println("  none");
      }
      impact.consumerGroups().forEach(g -> line(out, g.breaking(), g.group(), g.downstreamProduct() != null
          ? "the job of downstream product " + g.downstreamProduct() + ", lag " + g.lag() + ", " + g.activity()
          : (g.domain() == null ? "no domain prefix" : "domain " + g.domain()) + ", lag " + g.lag() + ", " + g.activity() + ", whole records",
          g.breaks()));
    } else {
      out.println("consumer groups on " + topic + ": not asked (give --kafka)");
    }
    out.println("Trino readers (access.readers) of " + table + ":");
    if (impact.trinoReaders().isEmpty()) {
      out.println("  none");
    }
    impact.trinoReaders().forEach(r -> line(out, r.breaking(), r.domain(),
        r.access().equals("added") ? "the whole table, from this version on (added to access.readers)" : "the whole table", r.breaks()));
    long broken = broken();
    out.println(broken == 0 ? "nothing breaks" : broken + " reader(s) break");
  }

  private static void line(PrintWriter out, boolean breaking, String name, String reads, List<String> breaks) {
    out.println("  " + (breaking ? "BREAKS " : "ok     ") + name + ": " + reads);
    breaks.forEach(reason -> out.println("         " + reason));
  }
}
