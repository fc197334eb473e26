package dev.weft.spec;

import dev.weft.catalog.product.ProductRef;
import dev.weft.catalog.product.SemanticVersion;
import dev.weft.catalog.schema.CompatibilityMode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Loads a spec file (apiVersion weft/v1, kind DataProduct) into a {@link ProductSpec}, or reports
 * every problem in it as {@code file:line:column: message}: YAML syntax, unknown keys, missing
 * fields, wrong types, bad values. SQL is checked later, by the compiler.
 */
public final class SpecLoader {
  public static final String API_VERSION = "weft/v1";
  public static final String KIND = "DataProduct";

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)%");

  private static final List<String> TOP = List.of(
      "apiVersion", "kind", "metadata", "inputs", "schema", "transform", "stateTtl", "quality", "outputs", "sla", "access", "schedule", "cost");
  private static final List<String> METADATA = List.of("name", "domain", "version", "owner", "description", "tags");
  private static final List<String> INPUT = List.of("name", "kafka", "cdc", "product");
  private static final List<String> KAFKA = List.of("topic", "format", "startingOffsets", "watermark", "columns");
  private static final List<String> WATERMARK = List.of("column", "delay");
  private static final List<String> CDC = List.of("connector", "url", "table", "username", "password", "primaryKey", "columns");
  private static final List<String> COMPATIBILITY = java.util.Arrays.stream(CompatibilityMode.values()).map(CompatibilityMode::text).toList();
  private static final List<String> SCHEMA = List.of("primaryKey", "columns", "compatibility");
  private static final List<String> COLUMN = List.of("name", "type", "nullable", "description", "pii", "mask", "key");
  private static final String ENCRYPT = "encrypt";
  private static final Pattern SECRET_REFERENCE = Pattern.compile("\\$\\{secret:([A-Za-z0-9_.-]+)}");
  private static final List<String> QUALITY = List.of("rules", "onViolation", "minValidRatio");
  private static final List<String> RULE = List.of("name", "check");
  private static final List<String> OUTPUTS = List.of("topic", "table");
  private static final List<String> TOPIC = List.of("name", "partitions", "retention", "format");
  private static final List<String> TABLE = List.of("name", "partitionBy", "compactEvery", "keepSnapshots");
  private static final List<String> SLA = List.of("freshness", "availability");
  private static final List<String> ACCESS = List.of("readers");
  private static final List<String> SCHEDULE = List.of("mode", "cron");
  private static final List<String> COST = List.of("center");

  /** Every section of a spec and its fields, as the loader accepts them (docs/spec.md is checked against it). */
  public static final java.util.Map<String, List<String>> FIELDS = java.util.Map.ofEntries(
      java.util.Map.entry("spec", TOP), java.util.Map.entry("metadata", METADATA), java.util.Map.entry("inputs[]", INPUT),
      java.util.Map.entry("inputs[].kafka", KAFKA), java.util.Map.entry("inputs[].kafka.watermark", WATERMARK),
      java.util.Map.entry("inputs[].cdc", CDC), java.util.Map.entry("schema", SCHEMA), java.util.Map.entry("column", COLUMN),
      java.util.Map.entry("quality", QUALITY), java.util.Map.entry("quality.rules[]", RULE), java.util.Map.entry("outputs", OUTPUTS),
      java.util.Map.entry("outputs.topic", TOPIC), java.util.Map.entry("outputs.table", TABLE), java.util.Map.entry("sla", SLA),
      java.util.Map.entry("access", ACCESS), java.util.Map.entry("schedule", SCHEDULE), java.util.Map.entry("cost", COST));

  private final String file;
  private final List<String> lines;
  private final List<SpecProblem> problems = new ArrayList<>();

  private SpecLoader(String file, String text) {
    this.file = file;
    this.lines = text.lines().toList();
  }

  /**
   * The spec in {@code file}, named in problems (and in {@link ProductSpec#file()}) as given.
   *
   * @throws InvalidSpecException with every problem found, in file order
   */
  public static ProductSpec load(Path file) throws InvalidSpecException {
    return load(file.toString(), read(file));
  }

  private static String read(Path file) throws InvalidSpecException {
    String problem;
    try {
      // a code point takes at most 4 bytes: anything larger is refused without reading it into memory
      if (Files.size(file) > 4L * YamlDocument.MAX_CODE_POINTS) {
        problem = "the spec is larger than the limit of " + YamlDocument.MAX_CODE_POINTS + " characters";
      } else {
        return Files.readString(file, StandardCharsets.UTF_8);
      }
    } catch (NoSuchFileException e) {
      problem = "no such file";
    } catch (CharacterCodingException e) {
      problem = "the spec is not UTF-8 text";
    } catch (IOException e) {
      problem = "cannot read the spec: " + e;
    }
    throw new InvalidSpecException(List.of(new SpecProblem(Position.unknown(file.toString()), problem)));
  }

  /**
   * The spec {@code text}, named {@code file} in problems and in {@link ProductSpec#file()}.
   *
   * @throws InvalidSpecException with every problem found, in file order
   */
  public static ProductSpec load(String file, String text) throws InvalidSpecException {
    // editors on Windows may start a file with a byte order mark, which would shift line 1's columns
    String withoutMark = text.startsWith("\uFEFF") ? text.substring(1) : text;
    return new SpecLoader(file, withoutMark).load(withoutMark);
  }

  private ProductSpec load(String text) throws InvalidSpecException {
    Node root = YamlDocument.parse(file, text, problems).orElse(null);
    ProductSpec spec = root == null ? null : YamlMapping.of(file, "", root, problems).map(this::spec).orElse(null);
    if (!problems.isEmpty() || spec == null) {
      // one problem per line of output, even where a message quotes a YAML key or parser text with a line break
      throw new InvalidSpecException(problems.stream()
          .sorted(Comparator.comparingInt((SpecProblem p) -> p.position().line()).thenComparingInt(p -> p.position().column()))
          .map(p -> new SpecProblem(p.position(), YamlMapping.oneLine(p.message())))
          .toList());
    }
    return spec;
  }

  private ProductSpec spec(YamlMapping top) {
    top.rejectUnknown(TOP);
    top.requiredString("apiVersion").filter(v -> !v.equals(API_VERSION))
        .ifPresent(v -> top.invalid("apiVersion", "must be " + API_VERSION, v));
    top.requiredString("kind").filter(v -> !v.equals(KIND))
        .ifPresent(v -> top.invalid("kind", "must be " + KIND, v));
    Metadata metadata = top.requiredMapping("metadata").map(this::metadata).orElse(null);
    List<InputSpec> inputs = inputs(top);
    SchemaSpec schema = top.requiredMapping("schema").map(this::schema).orElse(null);
    Optional<SqlText> transform = top.node("transform").flatMap(n -> sql(top, "transform", n));
    Optional<Duration> stateTtl = stateTtl(top);
    QualitySpec quality = top.mapping("quality").map(this::quality).orElse(QualitySpec.none());
    OutputsSpec outputs = top.mapping("outputs").map(this::outputs).orElse(OutputsSpec.defaults());
    Optional<SlaSpec> sla = top.mapping("sla").map(this::sla);
    AccessSpec access = top.mapping("access").map(m -> {
      m.rejectUnknown(ACCESS);
      return new AccessSpec(m.strings("readers"));
    }).orElse(AccessSpec.ownerOnly());
    ScheduleSpec schedule = top.mapping("schedule").map(this::schedule).orElse(ScheduleSpec.stream(file));
    if (stateTtl.isPresent() && schedule.mode() == ScheduleSpec.Mode.BATCH) {
      top.problem(top.node("stateTtl").orElseThrow(), "'stateTtl' applies to stream products; a batch product keeps no state "
          + "between runs (remove stateTtl or set schedule.mode: stream)");
    }
    Optional<CostSpec> cost = top.mapping("cost").map(m -> {
      m.rejectUnknown(COST);
      return new CostSpec(m.requiredString("center").orElse(""));
    });
    // a domain that is not kebab-case is reported already; names are checked against valid ones
    if (metadata != null && ProductRef.isName(metadata.domain())) {
      top.mapping("outputs").ifPresent(o -> checkOutputNames(o, metadata.domain()));
    }
    if (metadata == null || schema == null || !problems.isEmpty()) {
      return null;
    }
    return new ProductSpec(file, metadata, inputs, schema, transform, stateTtl, quality, outputs, sla, access, schedule, cost);
  }

  /** Names given in outputs.topic.name and outputs.table.name: plain characters, in the product's domain. */
  private void checkOutputNames(YamlMapping outputs, String domain) {
    outputs.mapping("topic").ifPresent(t -> t.string("name")
        .ifPresent(name -> OutputNames.topicProblem(name, domain).ifPresent(problem -> t.invalid("name", problem, name))));
    outputs.mapping("table").ifPresent(t -> t.string("name")
        .ifPresent(name -> OutputNames.tableProblem(name, domain).ifPresent(problem -> t.invalid("name", problem, name))));
  }

  /** How long the transform keeps the state of a key that sees no change (joins, aggregates): positive, or absent for ever. */
  private Optional<Duration> stateTtl(YamlMapping top) {
    return top.duration("stateTtl").filter(ttl -> {
      if (ttl.isZero()) {
        top.invalid("stateTtl", "must be longer than 0 (leave it out to keep state for ever)", Durations.format(ttl));
        return false;
      }
      return true;
    });
  }

  private Metadata metadata(YamlMapping m) {
    m.rejectUnknown(METADATA);
    String name = m.requiredString("name").map(v -> kebab(m, "name", v)).orElse(null);
    String domain = m.requiredString("domain").map(v -> kebab(m, "domain", v)).orElse(null);
    SemanticVersion version = m.requiredString("version").flatMap(v -> {
      Optional<SemanticVersion> parsed = SemanticVersion.parse(v);
      if (parsed.isEmpty()) {
        m.invalid("version", "must be a semantic version like 1.2.0", v);
      }
      return parsed;
    }).orElse(null);
    String owner = m.requiredString("owner").orElse(null);
    String description = m.string("description").orElse("");
    List<String> tags = m.strings("tags");
    if (name == null || domain == null || version == null || owner == null) {
      return null;
    }
    return new Metadata(name, domain, version, owner, description, tags);
  }

  /** The one name grammar: {@link ProductRef#isName}. */
  private String kebab(YamlMapping m, String key, String value) {
    if (!ProductRef.isName(value)) {
      m.invalid(key, "must be " + ProductRef.NAME_RULE, value);
    }
    return value;
  }

  private List<InputSpec> inputs(YamlMapping top) {
    List<InputSpec> inputs = new ArrayList<>();
    if (top.required("inputs").isEmpty()) {
      return inputs;
    }
    List<Node> items = top.list("inputs");
    if (items.isEmpty() && top.node("inputs").orElseThrow() instanceof SequenceNode) {
      top.problem(top.node("inputs").orElseThrow(), "'inputs' must have at least one input");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String path = "inputs[" + i + "]";
      YamlMapping.of(file, path, items.get(i), problems).flatMap(m -> input(m, path)).ifPresent(input -> {
        if (!names.add(input.name())) {
          problems.add(new SpecProblem(input.position(), "duplicate input name '" + input.name() + "'"));
        }
        inputs.add(input);
      });
    }
    return inputs;
  }

  private Optional<InputSpec> input(YamlMapping m, String path) {
    m.rejectUnknown(INPUT);
    Optional<String> name = m.requiredString("name").filter(n -> identifier(m, "name", n));
    List<String> kinds = List.of("kafka", "cdc", "product").stream().filter(m::has).toList();
    if (kinds.size() != 1) {
      problems.add(new SpecProblem(m.position(), "input '" + name.orElse(path) + "' must have exactly one of kafka, cdc, product"
          + (kinds.isEmpty() ? "" : " (it has " + String.join(", ", kinds) + ")")));
      return Optional.empty();
    }
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Position at = m.position();
    return switch (kinds.get(0)) {
      case "kafka" -> m.mapping("kafka").flatMap(k -> kafka(k, name.get(), at));
      case "cdc" -> m.mapping("cdc").map(c -> {
        c.rejectUnknown(CDC);
        String connector = c.oneOf("connector", List.of("postgres", "mysql")).orElse(null);
        if (!c.has("connector")) c.required("connector");
        String url = c.requiredString("url").orElse(null);
        String table = c.requiredString("table").orElse(null);
        String user = c.requiredString("username").orElse(null);
        String password = c.requiredString("password").orElse(null);
        c.required("primaryKey");
        List<String> primaryKey = keyColumns(c);
        c.required("columns");
        List<ColumnSpec> columns = columns(c, "columns", primaryKey);
        keyColumnsExist(c, columns);
        return (InputSpec) new CdcInput(name.get(), connector, url, table, user, password, primaryKey, columns, at);
      });
      default -> m.string("product").flatMap(text -> {
        // the one ProductRef grammar; an input reads one major of its upstream, so it must be named
        Optional<ProductRef> ref = ProductRef.parse(text).filter(r -> r.major() != null);
        if (ref.isEmpty()) {
          m.invalid("product", "must name a product as <domain>.<name>@<major>, e.g. customers.customer-profiles@1", text);
        }
        return ref.map(r -> (InputSpec) new ProductInput(name.get(), r, at));
      });
    };
  }

  private Optional<InputSpec> kafka(YamlMapping k, String name, Position at) {
    k.rejectUnknown(KAFKA);
    Optional<String> topic = k.requiredString("topic");
    WireFormat format = k.oneOf("format", WireFormat.TEXTS).flatMap(WireFormat::parse).orElse(WireFormat.JSON);
    var start = k.oneOf("startingOffsets", List.of("earliest", "latest"))
        .map(s -> s.equals("latest") ? KafkaInput.StartingOffsets.LATEST : KafkaInput.StartingOffsets.EARLIEST)
        .orElse(KafkaInput.StartingOffsets.EARLIEST);
    k.required("columns");
    List<ColumnSpec> columns = columns(k, "columns", List.of());
    Optional<WatermarkSpec> watermark = k.mapping("watermark").flatMap(w -> {
      w.rejectUnknown(WATERMARK);
      Optional<String> column = w.requiredString("column");
      Optional<Duration> delay = w.required("delay").isPresent() ? w.duration("delay") : Optional.empty();
      column.filter(c -> k.has("columns") && columns.stream().noneMatch(col -> col.name().equals(c)))
          .ifPresent(c -> w.problem(w.node("column").orElseThrow(), "watermark column '" + c + "' is not one of " + k.path("columns")));
      return column.flatMap(c -> delay.map(d -> new WatermarkSpec(c, d, w.position())));
    });
    return topic.map(t -> new KafkaInput(name, t, format, start, watermark, columns, at));
  }

  private SchemaSpec schema(YamlMapping m) {
    m.rejectUnknown(SCHEMA);
    List<String> primaryKey = keyColumns(m);
    m.required("columns");
    List<ColumnSpec> columns = columns(m, "columns", primaryKey);
    keyColumnsExist(m, columns);
    Position keyPosition = m.node("primaryKey").map(n -> YamlMapping.position(file, n)).orElse(m.position());
    CompatibilityMode compatibility = m.oneOf("compatibility", COMPATIBILITY).flatMap(CompatibilityMode::parse).orElse(CompatibilityMode.DEFAULT);
    return new SchemaSpec(primaryKey, keyPosition, columns, compatibility, m.position());
  }

  /** The {@code primaryKey} list of a schema or a CDC input, each column once. */
  private List<String> keyColumns(YamlMapping m) {
    List<String> primaryKey = new ArrayList<>();
    List<Node> keyNodes = m.list("primaryKey");
    for (int i = 0; i < keyNodes.size(); i++) {
      Node keyNode = keyNodes.get(i);
      m.scalar(m.path("primaryKey") + "[" + i + "]", keyNode, "a string").ifPresent(key -> {
        if (primaryKey.contains(key)) {
          m.problem(keyNode, "primary key column '" + key + "' is listed twice");
        } else {
          primaryKey.add(key);
        }
      });
    }
    return primaryKey;
  }

  private void keyColumnsExist(YamlMapping m, List<ColumnSpec> columns) {
    if (!m.has("columns")) {
      return;
    }
    for (Node keyNode : m.list("primaryKey")) {
      if (keyNode instanceof ScalarNode key && columns.stream().noneMatch(c -> c.name().equals(key.getValue()))) {
        m.problem(keyNode, "primary key column '" + key.getValue() + "' is not a column of " + m.path("columns"));
      }
    }
  }

  /** Columns of a schema or an input; primary key columns are NOT NULL. */
  private List<ColumnSpec> columns(YamlMapping parent, String key, List<String> primaryKey) {
    List<ColumnSpec> columns = new ArrayList<>();
    List<Node> items = parent.list(key);
    if (items.isEmpty() && parent.node(key).orElse(null) instanceof SequenceNode empty) {
      parent.problem(empty, "'" + parent.path(key) + "' must have at least one column");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String path = parent.path(key) + "[" + i + "]";
      YamlMapping.of(file, path, items.get(i), problems).flatMap(c -> column(c, path, primaryKey)).ifPresent(column -> {
        if (!names.add(column.name())) {
          problems.add(new SpecProblem(column.position(), "duplicate column '" + column.name() + "' in " + parent.path(key)));
        }
        columns.add(column);
      });
    }
    return columns;
  }

  private Optional<ColumnSpec> column(YamlMapping c, String path, List<String> primaryKey) {
    c.rejectUnknown(COLUMN);
    Optional<String> name = c.requiredString("name");
    name.ifPresent(n -> identifier(c, "name", n));
    Optional<String> type = c.requiredString("type");
    type.ifPresent(t -> flinkType(c, t));
    boolean inKey = name.isPresent() && primaryKey.contains(name.get());
    if (inKey && c.has("nullable") && c.bool("nullable", false)) {
      c.problem(c.node("nullable").orElseThrow(), "primary key column '" + name.get() + "' cannot be nullable");
    }
    boolean nullable = !inKey && c.bool("nullable", true);
    String description = c.string("description").orElse("");
    boolean pii = c.bool("pii", false);
    Optional<String> mask = c.oneOf("mask", List.of("sha256", "redact", ENCRYPT));
    Optional<String> keySecret = maskKey(c, mask);
    // kept even when its name or type is wrong (the spec is refused anyway), so that checks
    // against column names (duplicates, primary key, watermark) do not report it again
    return name.map(n -> new ColumnSpec(n, type.orElse(""), nullable, description, pii, mask, keySecret, c.position()));
  }

  /**
   * The secret that holds the key of an encrypt mask. Only a reference is accepted: a key written
   * in the spec would be read by everyone who reads the spec, and is never quoted back.
   */
  private Optional<String> maskKey(YamlMapping c, Optional<String> mask) {
    boolean encrypt = mask.filter(ENCRYPT::equals).isPresent();
    if (c.has("mask") && mask.isEmpty()) {
      return Optional.empty(); // the mask is refused already; whether it takes a key is unknown
    }
    if (!c.has("key")) {
      if (encrypt) {
        c.problem(c.node("mask").orElseThrow(), YamlMapping.quoted(c.path("mask")) + " is encrypt, which needs a key: add key: \"${secret:NAME}\", "
            + "a secret holding an AES-SIV key: 64 random bytes in base64 (openssl rand -base64 64) or a Tink keyset");
      }
      return Optional.empty();
    }
    Node keyNode = c.node("key").orElseThrow();
    if (!encrypt) {
      c.problem(keyNode, YamlMapping.quoted(c.path("key")) + " is the key of mask: encrypt, and this column "
          + mask.map(m -> "is masked with " + m).orElse("has no mask") + "; remove the key or set mask: encrypt");
      return Optional.empty();
    }
    var reference = keyNode instanceof ScalarNode scalar ? SECRET_REFERENCE.matcher(scalar.getValue()) : null;
    if (reference == null || !reference.matches()) {
      c.problem(keyNode, YamlMapping.quoted(c.path("key")) + " must be a secret reference, \"${secret:NAME}\": "
          + "a key written in the spec is readable by everyone who reads the spec");
      return Optional.empty();
    }
    return Optional.of(reference.group(1));
  }

  private boolean identifier(YamlMapping m, String key, String value) {
    if (IDENTIFIER.matcher(value).matches()) {
      return true;
    }
    m.invalid(key, "must be a lower-case SQL identifier ([a-z_][a-z0-9_]*)", value);
    return false;
  }

  private boolean flinkType(YamlMapping m, String type) {
    try {
      LogicalTypeParser.parse(type, SpecLoader.class.getClassLoader());
      return true;
    } catch (RuntimeException e) {
      m.problem(m.node("type").orElseThrow(), "'" + m.path("type") + "' is not a Flink SQL type: \"" + type + "\"");
      return false;
    }
  }

  private QualitySpec quality(YamlMapping m) {
    m.rejectUnknown(QUALITY);
    List<QualityRule> rules = new ArrayList<>();
    List<Node> items = m.list("rules");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String path = "quality.rules[" + i + "]";
      YamlMapping.of(file, path, items.get(i), problems).ifPresent(r -> {
        r.rejectUnknown(RULE);
        Optional<String> name = r.requiredString("name");
        Optional<SqlText> check = r.required("check").flatMap(n -> sql(r, "check", n));
        name.filter(n -> !names.add(n)).ifPresent(n -> r.problem(r.node("name").orElseThrow(), "duplicate rule name '" + n + "'"));
        if (name.isPresent() && check.isPresent()) {
          rules.add(new QualityRule(name.get(), check.get(), r.position()));
        }
      });
    }
    OnViolation onViolation = m.oneOf("onViolation", List.of("dead-letter", "drop", "fail"))
        .flatMap(OnViolation::fromSpec).orElse(OnViolation.DEAD_LETTER);
    double ratio = m.number("minValidRatio").filter(r -> {
      if (r >= 0 && r <= 1) return true;
      m.problem(m.node("minValidRatio").orElseThrow(), "'quality.minValidRatio' must be a number in [0, 1], got " + r);
      return false;
    }).orElse(QualitySpec.DEFAULT_MIN_VALID_RATIO);
    return new QualitySpec(rules, onViolation, ratio);
  }

  private OutputsSpec outputs(YamlMapping m) {
    m.rejectUnknown(OUTPUTS);
    TopicOutput topic = m.mapping("topic").map(t -> {
      t.rejectUnknown(TOPIC);
      int partitions = t.integer("partitions").filter(p -> {
        if (p >= 1) return true;
        t.problem(t.node("partitions").orElseThrow(), "'outputs.topic.partitions' must be at least 1, got " + p);
        return false;
      }).orElse(TopicOutput.DEFAULT_PARTITIONS);
      return new TopicOutput(t.string("name"), partitions, t.duration("retention").orElse(TopicOutput.DEFAULT_RETENTION),
          t.oneOf("format", WireFormat.TEXTS).flatMap(WireFormat::parse).orElse(WireFormat.JSON));
    }).orElse(TopicOutput.defaults());
    TableOutput table = m.mapping("table").map(t -> {
      t.rejectUnknown(TABLE);
      List<TableOutput.PartitionField> partitionBy = new ArrayList<>();
      List<Node> items = t.list("partitionBy");
      for (int i = 0; i < items.size(); i++) {
        Node item = items.get(i);
        t.scalar(t.path("partitionBy") + "[" + i + "]", item, "a string")
            .ifPresent(text -> partitionBy.add(new TableOutput.PartitionField(text, YamlMapping.position(file, item))));
      }
      return new TableOutput(t.string("name"), partitionBy, t.duration("compactEvery"), t.duration("keepSnapshots"));
    }).orElse(TableOutput.defaults());
    return new OutputsSpec(topic, table);
  }

  private SlaSpec sla(YamlMapping m) {
    m.rejectUnknown(SLA);
    Optional<Double> availability = m.string("availability").flatMap(text -> {
      var match = PERCENT.matcher(text.trim());
      if (match.matches() && Double.parseDouble(match.group(1)) <= 100) {
        return Optional.of(Double.parseDouble(match.group(1)));
      }
      m.invalid("availability", "must be a percentage like 99.9%", text);
      return Optional.empty();
    });
    return new SlaSpec(m.duration("freshness"), availability);
  }

  private ScheduleSpec schedule(YamlMapping m) {
    m.rejectUnknown(SCHEDULE);
    ScheduleSpec.Mode mode = m.oneOf("mode", List.of("stream", "batch"))
        .map(s -> s.equals("batch") ? ScheduleSpec.Mode.BATCH : ScheduleSpec.Mode.STREAM).orElse(ScheduleSpec.Mode.STREAM);
    Optional<String> cron = m.string("cron").filter(text -> {
      // only the shape is checked here: Quartz has 6 or 7 fields, where Unix cron's 5 would be misread
      int fields = text.trim().split("\\s+").length;
      if (fields == 6 || fields == 7) {
        return true;
      }
      m.invalid("cron", "must be a Quartz cron expression (6 or 7 fields, e.g. \"0 0 3 * * ?\")", text);
      return false;
    });
    if (mode == ScheduleSpec.Mode.BATCH && cron.isEmpty() && !m.has("cron")) {
      problems.add(new SpecProblem(m.position(), "missing required field 'schedule.cron' (batch products run on a cron schedule)"));
    }
    return new ScheduleSpec(mode, cron, m.position());
  }

  /** SQL in a scalar, with where its first character is, so SQL errors point into the file. */
  private Optional<SqlText> sql(YamlMapping parent, String key, Node node) {
    return parent.scalar(parent.path(key), node, "SQL text").filter(sql -> {
      if (sql.isBlank()) {
        parent.problem(node, "'" + parent.path(key) + "' is empty");
        return false;
      }
      return true;
    }).map(sql -> {
      ScalarNode scalar = (ScalarNode) node;
      int line = node.getStartMark().getLine() + 1;
      int column = node.getStartMark().getColumn() + 1;
      if (scalar.getScalarStyle() == ScalarStyle.LITERAL || scalar.getScalarStyle() == ScalarStyle.FOLDED) {
        int first = line + 1;
        while (first <= lines.size() && lines.get(first - 1).isBlank()) {
          first++;
        }
        int indent = first <= lines.size() ? lines.get(first - 1).length() - lines.get(first - 1).stripLeading().length() : 0;
        return new SqlText(sql, new Position(file, first, indent + 1), indent + 1);
      }
      boolean quoted = scalar.getScalarStyle() == ScalarStyle.DOUBLE_QUOTED || scalar.getScalarStyle() == ScalarStyle.SINGLE_QUOTED;
      return new SqlText(sql, new Position(file, line, column + (quoted ? 1 : 0)), column);
    });
  }
}
