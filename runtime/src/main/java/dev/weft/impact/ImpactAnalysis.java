package dev.weft.impact;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.catalog.client.CatalogClient;
import dev.weft.catalog.health.MetricsSample.ConsumerGroupLag;
import dev.weft.catalog.product.ProductRef;
import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalog.schema.SchemaChange;
import dev.weft.catalogreport.ConsumerGroupLags;
import dev.weft.catalogreport.ProductRegistrations;
import dev.weft.plan.ProductPlan;
import dev.weft.spec.ProductSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

/**
 * Asks the catalog (and the Kafka cluster, when given) what a new version of a product would
 * touch: the downstream products and the columns they read, from the column lineage the catalog
 * records; the consumer groups on its topic; the domains its access rules let read its table.
 */
public final class ImpactAnalysis {
  private static final long KAFKA_TIMEOUT_SECONDS = 30;
  /** The consumer group of a product's job ({@code ProductNames.consumerGroup}): {@code weft.<domain>.<name>.v<major>}. */
  private static final java.util.regex.Pattern JOB_GROUP = java.util.regex.Pattern.compile("weft\\.([^.]+)\\.([^.]+)\\.v(\\d+)");

  private final CatalogClient catalog;
  private final Optional<Admin> kafka;

  public ImpactAnalysis(CatalogClient catalog, Optional<Admin> kafka) {
    this.catalog = catalog;
    this.kafka = kafka;
  }

  /** @throws dev.weft.catalog.client.CatalogException when the catalog cannot be asked */
  public ImpactReport of(ProductSpec spec, ProductPlan plan) {
    ProductRegistration next = ProductRegistrations.of(spec, plan);
    Optional<ProductRegistration> previous = catalog.predecessor(next.domain(), next.name(), next.version());
    SchemaDifference difference = previous.map(p -> SchemaDifference.between(p, next.schema())).orElse(SchemaDifference.none());
    List<Reader> downstream = downstream(plan.ref(), difference);
    String topic = previous.map(p -> p.outputs().topic()).orElse(plan.names().topic());
    String table = previous.map(p -> p.outputs().table()).orElse(plan.names().qualifiedTable());
    List<String> wholeRecords = new ArrayList<>(difference.breakingWholeRecords().stream().map(SchemaDifference::what).toList());
    if (!topic.equals(plan.names().topic())) {
      wholeRecords.add("the new version publishes to topic " + plan.names().topic() + " instead");
    }
    // a registration may come without access (the API does not require it): no reader domains then
    Set<String> readersBefore = new TreeSet<>(previous.filter(p -> p.access() != null).map(p -> p.access().readers()).orElse(List.of()));
    Set<String> readersAfter = new TreeSet<>(spec.access().readers());
    Optional<List<Reader>> groups = kafka.map(admin -> consumerGroups(admin, topic, spec.metadata().domain(), downstream, wholeRecords,
        readersBefore, readersAfter));
    return new ImpactReport(plan.product(), plan.version(), previous.map(ProductRegistration::version), topic, table, difference, downstream,
        groups, trinoReaders(table, difference, readersBefore, readersAfter));
  }

  /** The products whose inputs read this major, each with the columns it reads (upstream column -> its own columns). */
  private List<Reader> downstream(ProductRef product, SchemaDifference difference) {
    List<Reader> readers = new ArrayList<>();
    Optional<JsonNode> upstream = catalog.productView(product.domain(), product.name());
    if (upstream.isEmpty()) {
      return readers;
    }
    for (JsonNode name : upstream.get().path("downstream")) {
      ProductRef reader = ProductRef.parse(name.asText()).orElseThrow();
      JsonNode registration = catalog.productView(reader.domain(), reader.name()).orElseThrow();
      Set<String> inputs = new TreeSet<>();
      for (JsonNode input : registration.path("inputs")) {
        Optional<ProductRef> read = ProductRef.parse(input.path("source").asText());
        if (input.path("kind").asText().equals("product") && read.isPresent() && read.get().qualifiedName().equals(product.qualifiedName())
            && (read.get().major() == null || read.get().major().longValue() == product.major().longValue())) {
          inputs.add(input.path("name").asText());
        }
      }
      if (inputs.isEmpty()) {
        continue;  // it reads another major, whose topic and table this version does not touch
      }
      Map<String, Set<String>> reads = new TreeMap<>();
      for (JsonNode lineage : registration.path("columnLineage")) {
        for (JsonNode from : lineage.path("from")) {
          if (inputs.contains(from.path("input").asText())) {
            reads.computeIfAbsent(from.path("column").asText(), c -> new TreeSet<>()).add(lineage.path("column").asText());
          }
        }
      }
      String who = reader.qualifiedName() + " " + registration.path("version").asText();
      if (reads.isEmpty()) {
        // no column lineage recorded: it may read any column
        readers.add(new Reader(who, "columns not known (the catalog holds no column lineage for it)",
            difference.breakingWholeRecords().stream().map(SchemaDifference::what).toList()));
        continue;
      }
      List<String> breaks = new ArrayList<>();
      List<String> columns = new ArrayList<>();
      reads.forEach((column, into) -> {
        columns.add(column + " -> " + String.join(", ", into));
        difference.breaking(column).ifPresent(change -> breaks.add(SchemaDifference.what(change) + ", which it reads into " + String.join(", ", into)));
      });
      difference.changes().stream().filter(c -> c.kind() == SchemaChange.Kind.PRIMARY_KEY_CHANGED)
          .forEach(change -> breaks.add(SchemaDifference.what(change)));
      readers.add(new Reader(who, String.join(", ", columns), breaks));
    }
    return readers;
  }

  /**
   * The consumer groups with offsets on the topic, named by domain through the prefix the ACLs give
   * each domain's groups ({@code <domain>.…}; a product's job: {@code weft.<domain>.<name>.v<major>}).
   * A group reads whole records, so any drop or retype breaks it, unless it is the job of a
   * downstream product, whose columns the lineage tells.
   */
  private static List<Reader> consumerGroups(Admin admin, String topic, String owner, List<Reader> downstream, List<String> wholeRecords,
      Set<String> readersBefore, Set<String> readersAfter) {
    List<ConsumerGroupLag> lags = new ConsumerGroupLags(admin).of(topic);
    Map<String, ConsumerGroupDescription> described = describe(admin, lags.stream().map(ConsumerGroupLag::group).toList());
    List<Reader> readers = new ArrayList<>();
    for (ConsumerGroupLag lag : lags) {
      java.util.regex.Matcher job = JOB_GROUP.matcher(lag.group());
      String domain = job.matches() ? job.group(1) : lag.group().contains(".") ? lag.group().substring(0, lag.group().indexOf('.')) : null;
      ConsumerGroupDescription group = described.get(lag.group());
      int members = group == null ? 0 : group.members().size();
      String activity = members > 0 ? members + " active member(s)" : "no active member";
      String state = group == null ? "" : " (" + group.state().toString() + ")";
      List<String> breaks = new ArrayList<>();
      String reads;
      Optional<Reader> product = job.matches()
          ? downstream.stream().filter(r -> r.name().startsWith(job.group(1) + "." + job.group(2) + " ")).findFirst() : Optional.empty();
      if (product.isPresent()) {
        reads = "the job of downstream product " + job.group(1) + "." + job.group(2) + "@" + job.group(3) + ", lag " + lag.lag() + ", "
            + activity + state;
        breaks.addAll(product.get().breaks());
      } else {
        reads = (domain == null ? "no domain prefix" : "domain " + domain) + ", lag " + lag.lag() + ", " + activity + state
            + ", whole records";
        breaks.addAll(wholeRecords);
      }
      if (domain != null && !domain.equals(owner) && readersBefore.contains(domain) && !readersAfter.contains(domain)) {
        breaks.add("domain " + domain + " is no longer in access.readers: its groups may no longer read the topic");
      }
      readers.add(new Reader(lag.group(), reads, breaks));
    }
    return readers;
  }

  private static Map<String, ConsumerGroupDescription> describe(Admin admin, List<String> groups) {
    if (groups.isEmpty()) {
      return Map.of();
    }
    try {
      return admin.describeConsumerGroups(groups).all().get(KAFKA_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot describe the consumer groups " + groups + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing the consumer groups " + groups, e);
    }
  }

  /** The reader domains the access rules name now or named before: Trino lets them read the whole table (pii columns masked). */
  private static List<Reader> trinoReaders(String table, SchemaDifference difference, Set<String> before, Set<String> after) {
    Set<String> domains = new TreeSet<>(before);
    domains.addAll(after);
    List<Reader> readers = new ArrayList<>();
    for (String domain : domains) {
      if (!after.contains(domain)) {
        readers.add(new Reader(domain, "the whole table", List.of("no longer in access.readers: loses read access to " + table)));
      } else if (!before.contains(domain)) {
        readers.add(new Reader(domain, "the whole table, from this version on (added to access.readers)", List.of()));
      } else {
        readers.add(new Reader(domain, "the whole table", difference.breakingWholeRecords().stream().map(SchemaDifference::what).toList()));
      }
    }
    return readers;
  }
}
