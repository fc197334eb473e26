package dev.weft.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.catalog.auth.CatalogTokens;
import dev.weft.catalog.cost.Chargeback;
import dev.weft.catalog.cost.PriceTable;
import dev.weft.catalog.deadletters.DeadLetterStore;
import dev.weft.catalog.health.ChartSpan;
import dev.weft.catalog.health.DeadLetterReport;
import dev.weft.catalog.health.MetricsHistory;
import dev.weft.catalog.health.MetricsSample;
import dev.weft.catalog.health.MetricsStore;
import dev.weft.catalog.health.ProductHealth;
import dev.weft.catalog.impact.Impact;
import dev.weft.catalog.impact.ImpactAssessment;
import dev.weft.catalog.impact.ImpactRequest;
import dev.weft.catalog.lineage.ColumnLineageGraph;
import dev.weft.catalog.lineage.LineageGraph;
import dev.weft.catalog.openlineage.RunEventStore;
import dev.weft.catalog.product.Major;
import dev.weft.catalog.product.MajorStore;
import dev.weft.catalog.product.OutputNames;
import dev.weft.catalog.product.ProductRef;
import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalog.product.ProductStore;
import dev.weft.catalog.product.SemanticVersion;
import dev.weft.catalog.runs.ProductRun;
import dev.weft.catalog.runs.RunStore;
import dev.weft.catalog.schema.SchemaChange;
import dev.weft.catalog.schema.SchemaCompatibility;
import dev.weft.catalog.storage.CatalogDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the catalog can do, over its database; the API and the web pages both go through here. */
public final class ProductCatalog {

  /** A product's versions in registration order, and its majors with their retirement. */
  public record VersionHistory(List<ProductStore.VersionEntry> versions, List<Major> majors) {}

  /** Everything the catalog knows about one product. */
  public record ProductView(ProductRegistration registration, ProductStore.StoredProduct stored,
      List<ProductStore.VersionEntry> versions, List<Major> majors, MetricsStore.Totals totals, ProductHealth health,
      List<ProductRef> downstream, List<MetricsSample.ConsumerGroupLag> consumerGroups) {

    /** A query analysts can paste into Trino; the table is {@code domain.table} unless given whole. */
    public String trinoQuery() {
      String table = registration.outputs().table();
      return "SELECT * FROM iceberg." + (table.contains(".") ? table : registration.domain() + "." + table) + " LIMIT 10";
    }
  }

  private final CatalogDatabase database;
  private final CatalogSettings settings;
  private final ObjectMapper json;
  private final ProductStore products = new ProductStore();
  private final MetricsStore metrics = new MetricsStore();
  private final MetricsHistory history = new MetricsHistory();
  private final DeadLetterStore deadLetters = new DeadLetterStore();
  private final RunEventStore runEvents = new RunEventStore();
  private final RunStore runs = new RunStore();
  private final MajorStore majors = new MajorStore();
  private final OutputNames outputNames = new OutputNames();
  private final CatalogTokens tokens = new CatalogTokens();
  /** The first key of the advisory locks on products ("WEFT"), so they never meet other users' advisory locks. */
  private static final int PRODUCT_LOCK_SPACE = 0x57454654;
  /** How far back the samples go that tell when a consumer group was last seen with an active member. */
  public static final Duration ACTIVITY_WINDOW = Duration.ofDays(7);

  public ProductCatalog(CatalogDatabase database, CatalogSettings settings, ObjectMapper json) {
    this.database = database;
    this.settings = settings;
    this.json = json;
  }

  /**
   * Records a version, unless it breaks the catalog's policies, its major was retired, its schema
   * breaks the compatibility it declares with the version of the same major before it (or the one
   * after it breaks it: a backport must fit between its neighbours), or it publishes to a topic or
   * table another product owns. All checks run under the product's lock, in the transaction that
   * writes, so two versions registered at the same instant are checked one after the other.
   */
  public ProductStore.Outcome register(ProductRegistration registration) throws Exception {
    String canonical = json.writeValueAsString(registration);
    return database.inTransaction(connection -> {
      ProductRef ref = new ProductRef(registration.domain(), registration.name());
      lock(connection, ref);
      List<String> violations = settings.policies().violations(registration);
      if (!violations.isEmpty()) {
        throw Refusal.breaksPolicy("product " + registration.qualifiedName() + " " + registration.version()
            + " breaks the catalog's policies: " + String.join("; ", violations));
      }
      Optional<ProductStore.StoredProduct> stored = products.find(connection, ref);
      if (stored.isPresent()) {
        long id = stored.get().id();
        long major = SemanticVersion.major(registration.version());
        Optional<MajorStore.Retirement> retired = majors.retirement(connection, id, major);
        if (retired.isPresent()) {
          throw Refusal.conflict("product " + ref + "@" + major + " was retired at " + retired.get().retiredAt()
              + " (" + retired.get().reason() + "); a retired major takes no new versions: publish " + (major + 1) + ".0.0 or later");
        }
        Optional<ProductStore.StoredVersion> previous = products.predecessor(connection, id, registration.version());
        if (previous.isPresent()) {
          refuseBreakingChanges(registration, previous.get());
        }
        Optional<ProductStore.StoredVersion> next = products.successor(connection, id, registration.version());
        if (next.isPresent()) {
          refuseBreakingSuccessor(registration, next.get());
        }
      }
      ProductStore.Outcome outcome = products.register(connection, registration, canonical, now());
      if (outcome != ProductStore.Outcome.UNCHANGED) {
        outputNames.claim(connection, products.require(connection, ref).id(), registration);
      }
      return outcome;
    });
  }

  /**
   * Serializes every write to one product (registration, retirement) until the transaction ends:
   * a transaction-scoped PostgreSQL advisory lock on the product's name, which also covers a
   * product's first registration, when there is no row yet to lock.
   */
  private static void lock(java.sql.Connection connection, ProductRef ref) throws java.sql.SQLException {
    try (java.sql.PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
      lock.setInt(1, PRODUCT_LOCK_SPACE);
      lock.setString(2, ref.toString());
      lock.execute();
    }
  }

  private void refuseBreakingChanges(ProductRegistration registration, ProductStore.StoredVersion previous) throws java.io.IOException {
    ProductRegistration before = json.readValue(previous.registrationJson(), ProductRegistration.class);
    List<SchemaChange> changes = SchemaCompatibility.breakingChanges(before.schema(), previous.version(), registration.schema());
    if (!changes.isEmpty()) {
      throw Refusal.conflict("product " + registration.qualifiedName() + " " + registration.version() + " is not "
          + SchemaCompatibility.mode(registration.schema()).text() + " compatible with " + previous.version() + ": "
          + changes.stream().map(SchemaChange::message).collect(java.util.stream.Collectors.joining("; "))
          + "; a breaking change needs a new major version (" + (SemanticVersion.major(registration.version()) + 1)
          + ".0.0), which publishes to a new topic and table");
    }
  }

  private void refuseBreakingSuccessor(ProductRegistration registration, ProductStore.StoredVersion next) throws java.io.IOException {
    ProductRegistration after = json.readValue(next.registrationJson(), ProductRegistration.class);
    List<SchemaChange> changes = SchemaCompatibility.breakingChanges(registration.schema(), registration.version(), after.schema());
    if (!changes.isEmpty()) {
      throw Refusal.conflict("product " + registration.qualifiedName() + " " + registration.version() + " would make " + next.version()
          + ", registered already, not " + SchemaCompatibility.mode(after.schema()).text() + " compatible with the version before it: "
          + changes.stream().map(SchemaChange::message).collect(java.util.stream.Collectors.joining("; "))
          + "; a version inside a major must fit between its neighbours");
    }
  }

  /**
   * Retires one major version of a product: it takes no new versions, and sessions running it stop
   * it. Refused while other products read it, unless {@code force}.
   *
   * @return the retirement, the earlier one if it was retired before
   */
  public MajorStore.Retirement retire(ProductRef ref, long major, String reason, boolean force) throws Exception {
    return database.inTransaction(connection -> {
      lock(connection, ref);
      ProductStore.StoredProduct stored = products.require(connection, ref);
      List<ProductStore.VersionEntry> versions = products.versions(connection, stored.id());
      if (versions.stream().noneMatch(v -> SemanticVersion.major(v.version()) == major)) {
        throw Refusal.notFound("product " + ref + " has no version of major " + major);
      }
      Optional<MajorStore.Retirement> before = majors.retirement(connection, stored.id(), major);
      if (before.isPresent()) {
        return before.get();
      }
      List<ProductRef> readers = majors.readers(connection, ref, major);
      if (!readers.isEmpty() && !force) {
        throw Refusal.conflict("product " + ref + "@" + major + " is still read by "
            + readers.stream().map(ProductRef::toString).collect(java.util.stream.Collectors.joining(", "))
            + "; move them to another major first, or retire it with force=true");
      }
      Instant now = now();
      majors.retire(connection, stored.id(), major, reason, now);
      return new MajorStore.Retirement(now, reason);
    });
  }

  public ProductView view(ProductRef ref) throws Exception {
    return database.read(connection -> {
      ProductStore.StoredProduct stored = products.require(connection, ref);
      ProductRegistration registration = json.readValue(stored.registrationJson(), ProductRegistration.class);
      Instant now = now();
      MetricsStore.Totals totals = metrics.totals(connection, stored.id(), now.minus(settings.qualityWindow()), now);
      String freshness = registration.sla() == null ? null : registration.sla().freshness();
      BigDecimal minValidRatio = registration.quality() == null ? null : registration.quality().minValidRatio();
      VersionHistory history = history(connection, stored.id());
      return new ProductView(registration, stored, history.versions(), history.majors(), totals,
          ProductHealth.of(totals, now, freshness, minValidRatio), products.downstream(connection, ref), consumerGroups(totals));
    });
  }

  private List<MetricsSample.ConsumerGroupLag> consumerGroups(MetricsStore.Totals totals) throws java.io.IOException {
    if (totals.consumerGroupsJson() == null) {
      return List.of();
    }
    return List.of(json.readValue(totals.consumerGroupsJson(), MetricsSample.ConsumerGroupLag[].class));
  }

  /**
   * What a proposed version of the product would touch, in one read: the version it is compared with,
   * the current registrations of the products that read it, and the consumer groups (the request's,
   * or those the runtime last reported, with when each was last seen active).
   */
  public Impact impact(ProductRef ref, ImpactRequest proposal) throws Exception {
    return database.read(connection -> {
      ProductStore.StoredProduct stored = products.require(connection, ref);
      Optional<ProductStore.StoredVersion> against = products.predecessor(connection, stored.id(), proposal.version());
      return assess(connection, stored, ref, proposal, against.isEmpty() ? Optional.empty()
          : Optional.of(json.readValue(against.get().registrationJson(), ProductRegistration.class)));
    });
  }

  /** Who depends on the product's current version, as the product page shows it: its impact, compared with itself. */
  public Impact dependants(ProductView view) throws Exception {
    ProductRegistration current = view.registration();
    ImpactRequest itself = new ImpactRequest(current.version(), current.schema(), current.outputs().topic(), current.outputs().table(),
        current.access() == null ? List.of() : current.access().readers(), null);
    return database.read(connection -> assess(connection, view.stored(), new ProductRef(current.domain(), current.name()), itself,
        Optional.of(current)));
  }

  private Impact assess(java.sql.Connection connection, ProductStore.StoredProduct stored, ProductRef ref, ImpactRequest proposal,
      Optional<ProductRegistration> against) throws Exception {
    List<ProductRegistration> readers = new java.util.ArrayList<>();
    for (String registration : products.downstreamRegistrations(connection, ref)) {
      readers.add(json.readValue(registration, ProductRegistration.class));
    }
    ImpactAssessment.Groups groups;
    if (proposal.consumerGroups() != null) {
      groups = new ImpactAssessment.Groups("request", proposal.consumerGroups(), java.util.Map.of());
    } else {
      Instant now = now();
      java.util.Map<String, String> lastActive = new java.util.TreeMap<>();
      metrics.lastActive(connection, stored.id(), now.minus(ACTIVITY_WINDOW)).forEach((group, at) -> lastActive.put(group, at.toString()));
      groups = new ImpactAssessment.Groups("catalog",
          consumerGroups(metrics.totals(connection, stored.id(), now.minus(settings.qualityWindow()), now)), lastActive);
    }
    return ImpactAssessment.assess(ref, proposal, against, readers, groups);
  }

  /** What {@code …/versions} answers: cheap enough for sessions to ask every report interval whether their major was retired. */
  public VersionHistory history(ProductRef ref) throws Exception {
    return database.read(connection -> history(connection, products.require(connection, ref).id()));
  }

  private VersionHistory history(java.sql.Connection connection, long productId) throws java.sql.SQLException {
    List<ProductStore.VersionEntry> versions = products.versions(connection, productId);
    return new VersionHistory(versions, majors.majors(connection, productId, versions));
  }

  public ProductStore.StoredVersion version(ProductRef ref, String version) throws Exception {
    return database.read(connection -> products.version(connection, products.require(connection, ref).id(), version)
        .orElseThrow(() -> Refusal.notFound("product " + ref + " has no version " + version)));
  }

  public List<ProductStore.Summary> search(ProductStore.SearchQuery query) throws Exception {
    return database.read(connection -> products.search(connection, query));
  }

  public LineageGraph lineage(ProductView view) {
    return LineageGraph.of(view.registration(), view.downstream());
  }

  /** Where each published column of the product comes from, following upstream products the catalog holds. */
  public ColumnLineageGraph columnLineage(ProductView view) throws Exception {
    return database.read(connection -> ColumnLineageGraph.of(view.registration(), ref -> {
      try {
        Optional<ProductStore.StoredProduct> stored = products.find(connection, ref);
        return stored.isEmpty() ? Optional.empty() : Optional.of(json.readValue(stored.get().registrationJson(), ProductRegistration.class));
      } catch (java.sql.SQLException | java.io.IOException e) {
        throw new IllegalStateException("cannot read the registration of " + ref + ": " + e.getMessage(), e);
      }
    }));
  }

  public void recordMetrics(ProductRef ref, MetricsSample sample) throws Exception {
    database.inTransaction(connection -> {
      metrics.insert(connection, products.require(connection, ref).id(), sample, json.writeValueAsString(sample.consumerGroups()));
      return null;
    });
  }

  public void recordDeadLetters(ProductRef ref, DeadLetterReport report) throws Exception {
    database.inTransaction(connection -> {
      deadLetters.insert(connection, products.require(connection, ref).id(), report);
      return null;
    });
  }

  /** A product's dead letters per rule over {@code span} in its buckets, and the latest letters of each rule. */
  public DeadLetterHistory deadLetters(ProductRef ref, ChartSpan span) throws Exception {
    return database.read(connection -> {
      long id = products.require(connection, ref).id();
      return new DeadLetterHistory(span, deadLetters.counts(connection, id, span.from(), span.to(), span.bucket()),
          deadLetters.latest(connection, id));
    });
  }

  public record DeadLetterHistory(ChartSpan span, List<DeadLetterStore.RuleCount> counts,
      List<DeadLetterStore.StoredLetter> latest) {}

  public void recordRun(ProductRef ref, ProductRun run) throws Exception {
    database.inTransaction(connection -> {
      runs.insert(connection, products.require(connection, ref).id(), run);
      return null;
    });
  }

  /** The product's recorded runs, newest first. */
  public List<ProductRun> runs(ProductRef ref) throws Exception {
    return database.read(connection -> runs.forProduct(connection, products.require(connection, ref).id()));
  }

  public long storeRunEvent(JsonNode event) throws Exception {
    return database.inTransaction(connection -> runEvents.insert(connection, event, now()));
  }

  public List<String> runEvents(ProductRef ref) throws Exception {
    return database.read(connection -> {
      products.require(connection, ref);
      return runEvents.forJob(connection, ref.toString());
    });
  }

  /** One product's samples over {@code window} up to now (or since its first sample, if that is later), in buckets. */
  public ProductHistory history(ProductRef ref, Duration window) throws Exception {
    Instant now = now();
    return database.read(connection -> {
      long id = products.require(connection, ref).id();
      ChartSpan span = ChartSpan.of(window, history.firstSampleStart(connection, id, now.minus(window), now), now);
      return new ProductHistory(span, history.buckets(connection, id, span.from(), now, span.bucket()),
          history.lags(connection, id, span.from(), now, span.bucket()));
    });
  }

  public record ProductHistory(ChartSpan span, List<MetricsHistory.Bucket> buckets, List<MetricsHistory.Lag> lags) {}

  /** What every product used over {@code window} up to now (or since the first sample in it), in buckets, with the prices that apply. */
  public UsageHistory usage(Duration window) throws Exception {
    Instant now = now();
    return database.read(connection -> {
      ChartSpan span = ChartSpan.of(window, history.firstSampleStart(connection, null, now.minus(window), now), now);
      return new UsageHistory(span, prices(), history.usage(connection, span.from(), now, span.bucket()));
    });
  }

  public record UsageHistory(ChartSpan span, PriceTable prices, List<MetricsHistory.Usage> usage) {}

  public Chargeback.Report cost(Duration since, Chargeback.Grouping by) throws Exception {
    Instant now = now();
    return Chargeback.of(database.read(connection -> metrics.costSamples(connection, now.minus(since), now)), by, settings.prices());
  }

  /** The prices cost is reckoned with. */
  public PriceTable prices() {
    return settings.prices();
  }

  /** Makes a token for one domain; its secret is in the answer only. */
  public CatalogTokens.NewToken createToken(String domain) throws Exception {
    return database.inTransaction(connection -> tokens.create(connection, domain, now()));
  }

  public List<CatalogTokens.TokenInfo> tokens() throws Exception {
    return database.read(tokens::list);
  }

  public CatalogTokens.TokenInfo revokeToken(long id) throws Exception {
    return database.inTransaction(connection -> tokens.revoke(connection, id, now()));
  }

  /** The policy file every registration is checked against, if the catalog holds one. */
  public Optional<String> policies() {
    return settings.policies().text();
  }

  public Instant now() {
    return settings.clock().instant();
  }
}
