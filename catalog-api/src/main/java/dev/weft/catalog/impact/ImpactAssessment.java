package dev.weft.catalog.impact;

import dev.weft.catalog.health.MetricsSample.ConsumerGroupLag;
import dev.weft.catalog.impact.Impact.ColumnRead;
import dev.weft.catalog.impact.Impact.ConsumerGroup;
import dev.weft.catalog.impact.Impact.DownstreamProduct;
import dev.weft.catalog.impact.Impact.TrinoReader;
import dev.weft.catalog.product.ProductRef;
import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalog.product.SemanticVersion;
import dev.weft.catalog.schema.SchemaChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that decides what a proposed version breaks, for the catalog's API and product page
 * and for {@code weft impact} alike. A dropped or retyped column breaks a downstream product that
 * reads it, whatever the compatibility mode allows; a reader whose columns are not known (a consumer
 * group, a Trino reader domain, a product without column lineage) reads every column, so any drop
 * or retype, or a new primary key, breaks it.
 */
public final class ImpactAssessment {
  /** The consumer group of a product's job ({@code ProductNames.consumerGroup}): {@code weft.<domain>.<name>.v<major>}. */
  private static final Pattern JOB_GROUP = Pattern.compile("weft\\.([^.]+)\\.([^.]+)\\.v(\\d+)");
  private static final String COLUMNS_NOT_KNOWN = "columns not known (the catalog holds no column lineage for it)";

  private ImpactAssessment() {}

  /** The consumer groups and, for those the catalog knows, when each was last seen active. */
  public record Groups(String from, List<ConsumerGroupLag> lags, Map<String, String> lastActiveAt) {}

  /**
   * @param against the registered version it is compared with (the highest of its major before it), if any
   * @param readers the current registrations of the products whose inputs name this product, by name
   */
  public static Impact assess(ProductRef product, ImpactRequest proposal, Optional<ProductRegistration> against,
      List<ProductRegistration> readers, Groups groups) {
    SchemaDifference difference = against.map(p -> SchemaDifference.between(p, proposal.schema())).orElse(SchemaDifference.none());
    long major = SemanticVersion.major(proposal.version());
    List<DownstreamProduct> downstream = downstream(product, major, readers, difference);
    String topic = against.map(p -> p.outputs().topic()).orElse(proposal.topic());
    String table = against.map(p -> p.outputs().table()).orElse(proposal.table());
    List<String> wholeRecords = new ArrayList<>(whats(difference.breakingWholeRecords()));
    if (proposal.topic() != null && topic != null && !topic.equals(proposal.topic())) {
      wholeRecords.add("the new version publishes to topic " + proposal.topic() + " instead");
    }
    // a registration may come without access (the API does not require it): no reader domains then
    Set<String> readersBefore = new TreeSet<>(against.filter(p -> p.access() != null).map(p -> p.access().readers()).orElse(List.of()));
    Set<String> readersAfter = proposal.readers() == null ? readersBefore : new TreeSet<>(proposal.readers());
    List<ConsumerGroup> consumerGroups = consumerGroups(groups, product.domain(), downstream, wholeRecords, readersBefore, readersAfter);
    return new Impact(product.qualifiedName(), proposal.version(), against.map(ProductRegistration::version).orElse(null), topic, table,
        whats(difference.changes()), difference.added(), whats(difference.refused()), downstream, groups.from(), consumerGroups,
        trinoReaders(table, difference, readersBefore, readersAfter), false);
  }

  private static List<String> whats(List<SchemaChange> changes) {
    return changes.stream().map(SchemaDifference::what).toList();
  }

  /** The products whose inputs read this major, each with the columns it reads (upstream column -> its own columns). */
  private static List<DownstreamProduct> downstream(ProductRef product, long major, List<ProductRegistration> readers,
      SchemaDifference difference) {
    List<DownstreamProduct> downstream = new ArrayList<>();
    for (ProductRegistration reader : readers) {
      Set<String> inputs = new TreeSet<>();
      for (ProductRegistration.Input input : reader.inputs()) {
        Optional<ProductRef> read = "product".equals(input.kind()) ? ProductRef.parse(input.source()) : Optional.empty();
        if (read.isPresent() && read.get().qualifiedName().equals(product.qualifiedName())
            && (read.get().major() == null || read.get().major().longValue() == major)) {
          inputs.add(input.name());
        }
      }
      if (inputs.isEmpty()) {
        continue;  // it reads another major, whose topic and table this version does not touch
      }
      Map<String, Set<String>> reads = new TreeMap<>();
      for (ProductRegistration.ColumnLineage lineage : reader.columnLineage()) {
        for (ProductRegistration.ColumnSource from : lineage.from()) {
          if (inputs.contains(from.input())) {
            reads.computeIfAbsent(from.column(), c -> new TreeSet<>()).add(lineage.column());
          }
        }
      }
      if (reads.isEmpty()) {
        // no column lineage recorded: it may read any column
        downstream.add(new DownstreamProduct(reader.qualifiedName(), reader.version(), null, whats(difference.breakingWholeRecords()), false));
        continue;
      }
      List<String> breaks = new ArrayList<>();
      List<ColumnRead> columns = new ArrayList<>();
      reads.forEach((column, into) -> {
        Optional<SchemaChange> change = difference.breaking(column);
        columns.add(new ColumnRead(column, List.copyOf(into), change.isPresent()));
        change.ifPresent(c -> breaks.add(SchemaDifference.what(c) + ", which it reads into " + String.join(", ", into)));
      });
      difference.changes().stream().filter(c -> c.kind() == SchemaChange.Kind.PRIMARY_KEY_CHANGED)
          .forEach(change -> breaks.add(SchemaDifference.what(change)));
      downstream.add(new DownstreamProduct(reader.qualifiedName(), reader.version(), columns, breaks, false));
    }
    return downstream;
  }

  /**
   * A group reads whole records, so any drop or retype breaks it, unless it is the job of a
   * downstream product, whose columns the lineage tells. A domain dropped from the readers loses its groups' access.
   */
  private static List<ConsumerGroup> consumerGroups(Groups groups, String owner, List<DownstreamProduct> downstream,
      List<String> wholeRecords, Set<String> readersBefore, Set<String> readersAfter) {
    List<ConsumerGroup> result = new ArrayList<>();
    for (ConsumerGroupLag lag : groups.lags()) {
      Matcher job = JOB_GROUP.matcher(lag.group());
      String domain = job.matches() ? job.group(1) : lag.group().contains(".") ? lag.group().substring(0, lag.group().indexOf('.')) : null;
      Optional<DownstreamProduct> product = job.matches()
          ? downstream.stream().filter(p -> p.product().equals(job.group(1) + "." + job.group(2))).findFirst() : Optional.empty();
      List<String> breaks = new ArrayList<>(product.map(DownstreamProduct::breaks).orElse(wholeRecords));
      if (domain != null && !domain.equals(owner) && readersBefore.contains(domain) && !readersAfter.contains(domain)) {
        breaks.add("domain " + domain + " is no longer in access.readers: its groups may no longer read the topic");
      }
      result.add(new ConsumerGroup(lag.group(), domain, product.map(p -> job.group(1) + "." + job.group(2) + "@" + job.group(3)).orElse(null),
          lag.lag(), lag.members(), lag.state(), groups.lastActiveAt().get(lag.group()), breaks, false));
    }
    return result;
  }

  /** The reader domains the access rules name now or named before: Trino lets them read the whole table (pii columns masked). */
  private static List<TrinoReader> trinoReaders(String table, SchemaDifference difference, Set<String> before, Set<String> after) {
    Set<String> domains = new TreeSet<>(before);
    domains.addAll(after);
    List<TrinoReader> readers = new ArrayList<>();
    for (String domain : domains) {
      if (!after.contains(domain)) {
        readers.add(new TrinoReader(domain, "removed", List.of("no longer in access.readers: loses read access to " + table), false));
      } else if (!before.contains(domain)) {
        readers.add(new TrinoReader(domain, "added", List.of(), false));
      } else {
        readers.add(new TrinoReader(domain, "reads", whats(difference.breakingWholeRecords()), false));
      }
    }
    return readers;
  }

  /** What a reader of the product reads, in words: {@code currency -> currency, order_total -> revenue}. */
  public static String reads(DownstreamProduct product) {
    return product.reads() == null ? COLUMNS_NOT_KNOWN
        : String.join(", ", product.reads().stream().map(r -> r.column() + " -> " + String.join(", ", r.into())).toList());
  }
}
