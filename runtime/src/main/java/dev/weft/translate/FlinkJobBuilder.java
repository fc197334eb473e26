package dev.weft.translate;

import dev.weft.plan.BatchWindow;
import dev.weft.plan.InputPlan;
import dev.weft.plan.InputSchemas;
import dev.weft.plan.ProductNames;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ResultRowsPerKey;
import dev.weft.plan.RulePlan;
import dev.weft.spec.WireFormat;
import dev.weft.jobs.avro.AvroRowDeserializer;
import dev.weft.jobs.avro.AvroRowSerializer;
import dev.weft.jobs.chaos.FailureInjector;
import dev.weft.jobs.mask.EncryptFunction;
import dev.weft.jobs.quality.DeadLetter;
import dev.weft.jobs.quality.DeadLetterFactory;
import dev.weft.jobs.quality.RuleSplitter;
import dev.weft.jobs.quality.ViolationAction;
import dev.weft.jobs.sink.BatchKafkaSink;
import dev.weft.jobs.sink.ChangeReadPositions;
import dev.weft.jobs.sink.DeadLetterSerializer;
import dev.weft.jobs.sink.ExactlyOnceKafkaSink;
import dev.weft.jobs.sink.IcebergCommitRetries;
import dev.weft.jobs.sink.IcebergCommitter;
import dev.weft.jobs.sink.IcebergRowWriter;
import dev.weft.jobs.sink.KafkaReadPositions;
import dev.weft.jobs.sink.OneRowPerKeyChangelog;
import dev.weft.jobs.sink.ProductKey;
import dev.weft.jobs.sink.ProductRecordSerializer;
import dev.weft.jobs.sink.ReadPositionReporter;
import dev.weft.jobs.sink.RowJsonSerializer;
import dev.weft.jobs.sink.UpsertMaterializer;
import dev.weft.jobs.sink.TopicCommitsFirst;
import dev.weft.jobs.source.JsonInputParser;
import dev.weft.jobs.source.SourceRecord;
import dev.weft.jobs.source.SourceRecordDeserializer;
import dev.weft.jobs.secret.SecretReference;
import dev.weft.jobs.source.cdc.CapturedTable;
import dev.weft.jobs.source.cdc.ChangeRowDeserializer;
import dev.weft.jobs.source.cdc.MySqlChangeSource;
import dev.weft.jobs.source.cdc.MySqlTable;
import dev.weft.jobs.source.cdc.PostgresChangeSource;
import dev.weft.jobs.source.cdc.PostgresTable;
import dev.weft.jobs.source.cdc.SourceColumns;
import dev.weft.jobs.source.table.ProductTableSource;
import dev.weft.jobs.source.table.WithoutOrigin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.OutputTag;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.TableLoader;

/**
 * Turns a {@link ProductPlan} into Flink operators on an environment:
 * <pre>
 * Kafka source ─▶ read positions ─▶ JSON/Avro parser ─▶ SQL (transform + rules) ─▶ rule splitter ─┬▶ Kafka topic (exactly-once)
 *                      │                └─ unparseable ─┐                          └─ broken ─┤└▶ Iceberg writer ─▶ committer
 *                      │                                └──────────────────────────────────────▶ dead-letter topic   ▲
 *                      └─ positions read, before each checkpoint barrier ─────────────────────────────────────────────┘
 * </pre>
 * A CDC input is a PostgreSQL or MySQL change source whose rows enter SQL as a changelog keyed like the table.
 * An upsert product whose SQL result has updates passes it through an {@link UpsertMaterializer} keyed by its
 * primary key before the rules, so that both sinks publish the same upsert changelog, deletes included; a
 * result with at most one row per key (a CDC table projected and filtered) through a {@link OneRowPerKeyChangelog},
 * which needs no state for it.
 */
public final class FlinkJobBuilder {
  /** Target size of the Iceberg data files each writer rolls. */
  public static final long TARGET_FILE_SIZE_BYTES = 128L * 1024 * 1024;

  private FlinkJobBuilder() {}

  public static void build(StreamExecutionEnvironment env, ProductPlan plan, JobSettings settings) {
    OperatorUids uids = OperatorUids.of(plan);
    // every operator of a product job emits fresh objects and keeps none across records (Flink's SQL
    // operators are built for this), so chained operators may hand records over without copying them
    env.getConfig().enableObjectReuse();
    OutputTag<DeadLetter> deadLetterTag = new OutputTag<>("dead-letters", Types.POJO(DeadLetter.class));
    DeadLetterFactory deadLetters = new DeadLetterFactory(plan.product(), plan.version(), settings.clock(), plan.hasPii())
        .withBinaryInputs(plan.inputs().stream().filter(i -> i.format() == WireFormat.AVRO).map(InputPlan::topic).toList());
    boolean batch = plan.batch();
    if (batch) {
      // a batch run reads bounded inputs whole and publishes final results: no retractions, one commit at the end
      env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    }
    StreamTableEnvironment tableEnv = StreamTableEnvironment.create(env,
        batch ? EnvironmentSettings.inBatchMode() : EnvironmentSettings.inStreamingMode());
    tableEnv.getConfig().setLocalTimeZone(ProductPlan.SQL_TIME_ZONE);
    plan.stateTtl().ifPresent(ttl -> tableEnv.getConfig().set(ExecutionConfigOptions.IDLE_STATE_RETENTION, ttl));
    List<DataStream<DeadLetter>> rejected = new ArrayList<>();
    List<DataStream<byte[]>> readPositions = new ArrayList<>();

    for (InputPlan input : plan.inputs()) {
      RowType columns = InputSchemas.columnsOf(input);
      if (batch && input instanceof InputPlan.Upstream product) {
        TableLoader upstream = TableLoader.fromCatalog(settings.catalog(), TableIdentifier.parse(product.table()));
        DataStream<RowData> rows = env
            .fromSource(new ProductTableSource(upstream), WatermarkStrategy.noWatermarks(),
                "input " + input.name() + " (table " + product.table() + ")", InternalTypeInfo.of(columns))
            .uid(uids.input(input.name()))
            .map(new WithoutOrigin())
            .returns(InternalTypeInfo.of(JsonInputParser.outputType(columns)))
            .name("rows of " + input.name()).uid(uids.tableRows(input.name()));
        tableEnv.createTemporaryView("`" + input.name() + "`", InputTables.of(tableEnv, input, rows, true));
        continue;
      }
      if (input instanceof InputPlan.Cdc captured) {
        DataStream<RowData> read = env
            .fromSource(changeSource(captured, plan, settings), WatermarkStrategy.noWatermarks(), "input " + input.name() + " (" + input.topic() + ")")
            .uid(uids.input(input.name()));
        SingleOutputStreamOperator<RowData> changes = read
            .transform("read positions of " + input.name(), read.getType(), new ChangeReadPositions(columns.getFieldCount(), input.topic()))
            .uid(uids.readPositions(input.name()));
        readPositions.add(changes.getSideOutput(ReadPositionReporter.POSITIONS));
        tableEnv.createTemporaryView("`" + input.name() + "`", InputTables.of(tableEnv, input, changes, batch));
        continue;
      }
      SingleOutputStreamOperator<SourceRecord> read = env
          .fromSource(source(input, plan, settings), WatermarkStrategy.noWatermarks(), "input " + input.name() + " (" + input.topic() + ")")
          .uid(uids.input(input.name()));
      read = read.transform("read positions of " + input.name(), read.getType(), new KafkaReadPositions())
          .uid(uids.readPositions(input.name()));
      readPositions.add(read.getSideOutput(ReadPositionReporter.POSITIONS));
      SingleOutputStreamOperator<RowData> parsed = read
          .process(parser(input, columns, settings, deadLetters, deadLetterTag))
          .returns(InternalTypeInfo.of(JsonInputParser.outputType(columns)))
          .name("parse " + input.name()).uid(uids.parse(input.name()));
      rejected.add(parsed.getSideOutput(deadLetterTag));
      tableEnv.createTemporaryView("`" + input.name() + "`", InputTables.of(tableEnv, input, parsed, batch));
    }

    String jobSql = plan.jobSql();
    if (BatchWindow.isReferencedIn(jobSql)) {
      jobSql = settings.window().orElseThrow(() -> new IllegalArgumentException(
          "product " + plan.product() + " refers to its window, but this run was given none")).applyTo(jobSql);
    }
    tableEnv.createTemporarySystemFunction(EncryptFunction.NAME, new EncryptFunction(plan.encryptionSecrets(), settings.secrets()));
    Table result = tableEnv.sqlQuery(jobSql);
    SqlRows computed = rows(tableEnv, result, plan);
    RowType published = plan.publishedType();
    SingleOutputStreamOperator<RowData> valid = computed.rows()
        .process(new RuleSplitter(
            published.getFieldCount(), plan.rules().stream().map(RulePlan::name).toList(),
            ViolationAction.valueOf(plan.onViolation().name()), plan.product(), json(nullable(published)), deadLetters, deadLetterTag))
        .returns(InternalTypeInfo.of(JsonInputParser.outputType(published)))
        .name("quality rules").uid(uids.qualityRules());
    rejected.add(valid.getSideOutput(deadLetterTag));

    DataStream<RowData> toPublish = valid;
    if (settings.failAfterRecords() > 0) {
      toPublish = valid.map(new FailureInjector<>(settings.failAfterRecords()))
          .returns(valid.getType()).name("failure injector").uid(uids.failureInjector());
    }
    publishToTopic(toPublish, plan, settings, TOPIC_TRANSACTIONS);
    publishToTable(toPublish, computed.byPrimaryKey(), readPositions, plan, settings);

    DataStream<DeadLetter> allRejected = rejected.get(0);
    for (DataStream<DeadLetter> more : rejected.subList(1, rejected.size())) {
      allRejected = allRejected.union(more);
    }
    allRejected
        .sinkTo(kafkaSink(plan, settings, DEAD_LETTER_TRANSACTIONS, new DeadLetterSerializer(plan.names().deadLetterTopic())))
        .uid(uids.deadLetters()).name("dead-letter topic " + plan.names().deadLetterTopic());
    // last, when every operator exists: the planner's get uids that survive compatible edits
    var stateful = SqlOperatorUids.assign(env, uids, plan.stateTtl().isPresent());
    if (!batch) {
      StateBackends.configure(env, stateful);
    }
  }

  /** Parses a Kafka input's records in its format; Avro inputs read their writers' schemas from the registry. */
  static JsonInputParser parser(InputPlan input, RowType columns, JobSettings settings, DeadLetterFactory deadLetters,
      OutputTag<DeadLetter> deadLetterTag) {
    int[] keyFields = input.primaryKeyIndexes();
    if (input.format() != WireFormat.AVRO) {
      return new JsonInputParser(columns, keyFields, deadLetters, deadLetterTag);
    }
    String registry = settings.schemaRegistry().orElseThrow(() -> new IllegalArgumentException(
        "input '" + input.name() + "' reads Avro from " + input.topic() + ", but no schema registry is given (weft.schema-registry.url)"));
    return new JsonInputParser(columns, keyFields, new AvroRowDeserializer(registry, columns),
        keyFields.length == 0 ? null : new AvroRowDeserializer(registry, JsonInputParser.keyType(columns, keyFields)), deadLetters, deadLetterTag);
  }

  private static KafkaSource<SourceRecord> source(InputPlan input, ProductPlan plan, JobSettings settings) {
    // a batch run reads all the topic holds, whatever a stream run of the product has consumed
    OffsetsInitializer start = plan.batch() ? OffsetsInitializer.earliest() : settings.startingOffsets().getOrDefault(input.name(),
        input.startingOffsets() == dev.weft.spec.KafkaInput.StartingOffsets.LATEST
            ? OffsetsInitializer.latest()
            : OffsetsInitializer.earliest());
    var builder = KafkaSource.<SourceRecord>builder()
        .setProperties(settings.kafka())
        .setTopics(input.topic())
        .setGroupId(plan.names().consumerGroup())
        .setStartingOffsets(start)
        .setProperty("isolation.level", "read_committed")
        .setDeserializer(new SourceRecordDeserializer());
    if (settings.untilIdle()) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  private static Source<RowData, ?, ?> changeSource(InputPlan.Cdc input, ProductPlan plan, JobSettings settings) {
    CapturedTable table = settings.changeSources().get(input.name());
    if (table == null) {
      throw new IllegalArgumentException("no connection given for CDC input '" + input.name() + "' of " + plan.product());
    }
    RowType columns = InputSchemas.columnsOf(input);
    var deserializer = new ChangeRowDeserializer(
        new SourceColumns(plan.product(), input.name(), table.qualifiedName(), columns), columns, input.topic());
    // a password reference stays one in the job graph: the source looks it up where it runs
    Optional<SecretReference> password = SecretReference.parse(input.capture().password());
    if (table instanceof MySqlTable mysql) {
      return MySqlChangeSource.create(mysql, password, settings.secrets(), deserializer, settings.snapshotChunkRows(), settings.untilIdle(),
          Optional.ofNullable(settings.binlogPositions().get(input.name())));
    }
    return PostgresChangeSource.create((PostgresTable) table, password, settings.secrets(), deserializer, settings.snapshotChunkRows(),
        settings.untilIdle(), settings.resumedChangeInputs().contains(input.name()));
  }

  /**
   * The SQL result as internal rows.
   *
   * @param byPrimaryKey the rows went through the upsert changelog step, keyed by the product's
   *     primary key, and keep that partitioning up to the sinks (the operators after it forward)
   */
  record SqlRows(DataStream<RowData> rows, boolean byPrimaryKey) {}

  /**
   * An upsert product whose result has updates gets them as the upsert changelog both sinks
   * publish (see {@link UpsertMaterializer}); an insert-only result, as every append product's,
   * goes on as it is.
   */
  static SqlRows rows(StreamTableEnvironment tableEnv, Table result, ProductPlan plan) {
    var rowType = result.getResolvedSchema().toPhysicalRowDataType();
    if (!plan.upsert() || plan.batch()) {
      return new SqlRows(tableEnv.toDataStream(result, rowType.bridgedTo(RowData.class)), false);
    }
    try {
      // the planner refuses an updating result here, so an insert-only one costs no second translation
      return new SqlRows(tableEnv.toDataStream(result, rowType.bridgedTo(RowData.class)), false);
    } catch (TableException updating) {
      // go on below
    }
    // all change kinds, not Flink's upsert mode: the primary key columns may be nullable in SQL (NULL keys are
    // dead-lettered by the not-null rule), which Flink's primary keys do not allow; the step below
    // makes the upsert changelog itself
    RowType internal = (RowType) rowType.getLogicalType();
    ProductKey key = new ProductKey(internal, plan.primaryKeyIndexes());
    DataStream<RowData> changes = ChangelogRows.of(tableEnv, result);
    // a CDC table projected and filtered keeps the order of each key's changes and one row per key: no rows in state,
    // so the step runs chained to the SQL and an update's retraction never crosses the network
    if (plan.inputs().stream().allMatch(input -> input instanceof InputPlan.Cdc) && ResultRowsPerKey.atMostOne(result, plan.primaryKeyIndexes())) {
      KeyedStream<RowData, String> upserts = changes
          .transform("upsert changelog", InternalTypeInfo.of(internal), new OneRowPerKeyChangelog(internal, plan.primaryKeyIndexes()))
          .uid(OperatorUids.of(plan).oneRowPerKeyChangelog())
          .keyBy(key);
      return new SqlRows(upserts, true);
    }
    DataStream<RowData> materialized = changes.keyBy(key)
        .transform("upsert changelog", InternalTypeInfo.of(internal),
            new UpsertMaterializer(internal, plan.publishedType().getFieldCount(), plan.primaryKeyIndexes()))
        .uid(OperatorUids.of(plan).upsertChangelog(internal));
    return new SqlRows(materialized, true);
  }

  /** @param transactions what the topic sink's transactional ids add to the product's prefix */
  static void publishToTopic(DataStream<RowData> rows, ProductPlan plan, JobSettings settings, String transactions) {
    RowType published = plan.publishedType();
    SerializationSchema<RowData> value = json(published);
    SerializationSchema<RowData> key = null;
    if (plan.upsert()) {
      List<Integer> keyIndexes = plan.primaryKeyIndexes();
      RowType keyType = RowType.of(
          keyIndexes.stream().map(published::getTypeAt).toArray(org.apache.flink.table.types.logical.LogicalType[]::new),
          keyIndexes.stream().map(i -> published.getFieldNames().get(i)).toArray(String[]::new));
      key = json(keyType);
    }
    if (plan.topic().format() == WireFormat.AVRO) {
      // the schemas were registered before the job was built (execute/TopicSchemaRegistration): the job writes their ids
      AvroTopicSchemas.Ids ids = settings.topicSchemas().orElseThrow(() -> new IllegalArgumentException(
          "product " + plan.product() + " publishes Avro, but its topic's schemas were not registered before its job was built"));
      value = new AvroRowSerializer(published, AvroTopicSchemas.value(plan).toString(), ids.value());
      if (plan.upsert()) {
        key = new AvroRowSerializer(AvroTopicSchemas.keyType(plan), AvroTopicSchemas.key(plan).orElseThrow().toString(), ids.key().orElseThrow());
      }
    }
    rows.sinkTo(kafkaSink(plan, settings, transactions,
            new ProductRecordSerializer(plan.names().topic(), published.getFieldCount(), value, key, plan.primaryKeyIndexes())))
        .uid(OperatorUids.of(plan).topic()).name("topic " + plan.names().topic());
  }

  /** What the transactional ids of the topic's and the dead-letter topic's sinks add to the product's prefix. */
  private static final String TOPIC_TRANSACTIONS = ProductNames.TRANSACTIONAL_ID_SEPARATOR + "topic";
  private static final String DEAD_LETTER_TRANSACTIONS = ProductNames.TRANSACTIONAL_ID_SEPARATOR + "dlq";

  /** Transactional for stream runs; for batch runs see {@link BatchKafkaSink}. */
  static <T> Sink<T> kafkaSink(ProductPlan plan, JobSettings settings, String suffix, KafkaRecordSerializationSchema<T> serializer) {
    return plan.batch()
        ? BatchKafkaSink.create(settings.kafka(), serializer)
        : ExactlyOnceKafkaSink.create(settings.kafka(), plan.names().transactionalIdPrefix() + suffix, serializer, plan.product(),
            settings.commits());
  }

  /** What a stream product's table commits wait for: its topic and dead-letter transactions of the same checkpoint. */
  private static TopicCommitsFirst topicCommitsFirst(ProductPlan plan, JobSettings settings) {
    String prefix = plan.names().transactionalIdPrefix();
    return plan.batch()
        ? TopicCommitsFirst.none()
        : new TopicCommitsFirst(settings.kafka(), List.of(prefix + TOPIC_TRANSACTIONS, prefix + DEAD_LETTER_TRANSACTIONS), plan.product(), settings.commits());
  }

  /** @param readPositions how far each input has read, before each checkpoint barrier: the committer records it */
  /** @param byPrimaryKey the rows are partitioned by the primary key already (see {@link SqlRows}) */
  private static void publishToTable(DataStream<RowData> rows, boolean byPrimaryKey, List<DataStream<byte[]>> readPositions,
      ProductPlan plan, JobSettings settings) {
    publishToTable(rows, byPrimaryKey, readPositions, plan, settings, table -> new IcebergCommitter(table, plan.product(), plan.version(),
        plan.batch(), new IcebergCommitRetries(settings.commits()), topicCommitsFirst(plan, settings), settings.failAfterTableCommits()));
  }

  /** @param committer the committer of the product's table, or of a re-drive ({@link IcebergCommitter#forRedrive}) */
  static void publishToTable(DataStream<RowData> rows, boolean byPrimaryKey, List<DataStream<byte[]>> readPositions,
      ProductPlan plan, JobSettings settings, java.util.function.Function<TableLoader, IcebergCommitter> committer) {
    TableLoader table = TableLoader.fromCatalog(settings.catalog(),
        TableIdentifier.of(plan.names().tableNamespace(), plan.names().table()));
    // a batch run replaces whole partitions with its rows: plain data files, no equality deletes
    boolean upsert = plan.upsert() && !plan.batch();
    // all changes of one key to the same writer, so its upserts apply in order; rows the upsert changelog
    // step partitioned by the same key already are taken as they are, without a second shuffle
    ProductKey key = new ProductKey(plan.publishedType(), plan.primaryKeyIndexes());
    DataStream<RowData> distributed = !upsert ? rows
        : byPrimaryKey ? DataStreamUtils.reinterpretAsKeyedStream(rows, key) : rows.keyBy(key);
    DataStream<byte[]> toCommit = distributed
        .transform("iceberg writer " + plan.names().qualifiedTable(), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO,
            new IcebergRowWriter(table, plan.publishedType(), plan.primaryKey(), upsert, TARGET_FILE_SIZE_BYTES))
        .uid(OperatorUids.of(plan).icebergWriter());
    for (DataStream<byte[]> positions : readPositions) {
      toCommit = toCommit.union(positions);
    }
    toCommit
        .transform("iceberg committer " + plan.names().qualifiedTable(), Types.VOID, committer.apply(table))
        .uid(OperatorUids.of(plan).icebergCommitter())
        .setParallelism(1)
        .setMaxParallelism(1)
        .sinkTo(new DiscardingSink<>()).name("committed").uid(OperatorUids.of(plan).committed()).setParallelism(1);
  }

  /** Records that broke a rule may hold NULL where the schema says NOT NULL: they are written anyway. */
  static RowType nullable(RowType type) {
    return new RowType(true, type.getFields().stream()
        .map(f -> new RowType.RowField(f.getName(), f.getType().copy(true), f.getDescription().orElse(null)))
        .toList());
  }

  /**
   * The product topic's JSON: what Flink's JsonRowDataSerializationSchema writes with ISO-8601
   * timestamps, map null keys failing, plain decimals and null fields kept, without its per-record tree.
   */
  static RowJsonSerializer json(RowType type) {
    return new RowJsonSerializer(type);
  }
}
