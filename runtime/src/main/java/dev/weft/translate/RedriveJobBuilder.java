package dev.weft.translate;

import dev.weft.jobs.mask.EncryptFunction;
import dev.weft.jobs.quality.DeadLetter;
import dev.weft.jobs.quality.DeadLetterFactory;
import dev.weft.jobs.quality.RuleSplitter;
import dev.weft.jobs.quality.ViolationAction;
import dev.weft.jobs.redrive.LetterReplay;
import dev.weft.jobs.redrive.RedriveMarkers;
import dev.weft.jobs.redrive.StillFailing;
import dev.weft.jobs.sink.IcebergCommitRetries;
import dev.weft.jobs.sink.IcebergCommitter;
import dev.weft.jobs.sink.KafkaReadPositions;
import dev.weft.jobs.sink.TopicCommitsFirst;
import dev.weft.jobs.source.JsonInputParser;
import dev.weft.jobs.source.SourceRecord;
import dev.weft.jobs.source.SourceRecordDeserializer;
import dev.weft.plan.InputPlan;
import dev.weft.plan.InputSchemas;
import dev.weft.plan.ProductNames;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.RulePlan;
import dev.weft.spec.WireFormat;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.common.TopicPartition;

/**
 * The job of a re-drive ({@code weft redrive}): the product's own parser, transform and rules, fed from
 * its dead-letter topic instead of its input:
 * <pre>
 * dead-letter topic ─▶ letters back to input records ─▶ parser ─▶ SQL ─▶ rules ─┬▶ topic (re-drive transactions)
 *   (read committed)    (selected, not yet re-driven)     │                   │├▶ markers on the dead-letter topic (same)
 *                                                         └─ unparseable ─┐   │└▶ Iceberg writer ─▶ committer (re-drive keys)
 *                                                                         └───┴─ broken ─▶ counted per rule, not written
 * </pre>
 * A dry run has no sinks but the counting one, and reads the dead letters up to given ends.
 */
public final class RedriveJobBuilder {
  /** What the re-drive's transactional ids add to the product's prefix: apart from the product's own sinks'. */
  public static final String TOPIC_TRANSACTIONS = ProductNames.TRANSACTIONAL_ID_SEPARATOR + "redrive-topic";
  public static final String MARKER_TRANSACTIONS = ProductNames.TRANSACTIONAL_ID_SEPARATOR + "redrive-markers";

  private RedriveJobBuilder() {}

  /**
   * Which letters a re-drive takes, and what it does with those that pass.
   *
   * @param runId names the re-drive in its markers and table snapshots
   * @param rule only letters that broke this rule; empty for all
   * @param since only letters that failed at or after it
   * @param redriven keys of the letters earlier re-drives published
   * @param dryRunEnds for a dry run, where the dead-letter topic's partitions end (it stops there and publishes
   *     nothing); empty for a re-drive that publishes, which is stopped from outside
   * @param completingOnly put no letter through: the job restores a killed re-drive's checkpoint to commit
   *     what it holds pending, and is stopped at once
   */
  public record Selection(String runId, Optional<String> rule, Optional<Instant> since, Set<String> redriven,
      Optional<Map<TopicPartition, Long>> dryRunEnds, boolean completingOnly) {}

  public static void build(StreamExecutionEnvironment env, ProductPlan plan, JobSettings settings, Selection selection) {
    if (plan.inputs().size() != 1 || !(plan.inputs().get(0).fromKafka())) {
      throw new IllegalArgumentException("product " + plan.product() + " does not read exactly one Kafka input");
    }
    InputPlan input = plan.inputs().get(0);
    OperatorUids uids = OperatorUids.of(plan);
    env.getConfig().enableObjectReuse();
    OutputTag<DeadLetter> rejectedTag = new OutputTag<>("still-failing", Types.POJO(DeadLetter.class));
    DeadLetterFactory letters = new DeadLetterFactory(plan.product(), plan.version(), settings.clock(), plan.hasPii())
        .withBinaryInputs(input.format() == WireFormat.AVRO ? List.of(input.topic()) : List.of());
    StreamTableEnvironment tableEnv = StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
    tableEnv.getConfig().setLocalTimeZone(ProductPlan.SQL_TIME_ZONE);

    String deadLetterTopic = plan.names().deadLetterTopic();
    var source = KafkaSource.<SourceRecord>builder()
        .setProperties(settings.kafka())
        .setTopics(deadLetterTopic)
        .setGroupId(plan.names().consumerGroup() + ".redrive")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setProperty("isolation.level", "read_committed")
        .setProperty("commit.offsets.on.checkpoint", "false")
        .setDeserializer(new SourceRecordDeserializer());
    selection.dryRunEnds().ifPresent(ends -> source.setBounded(OffsetsInitializer.offsets(ends)));
    SingleOutputStreamOperator<SourceRecord> read = env
        .fromSource(source.build(), WatermarkStrategy.noWatermarks(), "dead letters " + deadLetterTopic)
        .uid(uids.input(REDRIVE_INPUT));
    // its accumulators say how far the re-drive has read; the positions themselves are no product's
    read = read.transform("read positions of " + deadLetterTopic, read.getType(), new KafkaReadPositions())
        .uid(uids.readPositions(REDRIVE_INPUT));
    SingleOutputStreamOperator<SourceRecord> replayed = read
        .process(new LetterReplay(selection.rule().orElse(null), selection.since().orElse(null), selection.redriven(), settings.kafka(),
            selection.completingOnly()))
        .returns(TypeInformation.of(SourceRecord.class))
        .name("letters of " + deadLetterTopic).uid(uids.input(REDRIVE_INPUT) + "/letters");
    RowType columns = InputSchemas.columnsOf(input);
    SingleOutputStreamOperator<RowData> parsed = replayed
        .process(FlinkJobBuilder.parser(input, columns, settings, letters, rejectedTag))
        .returns(InternalTypeInfo.of(JsonInputParser.outputType(columns)))
        .name("parse " + input.name()).uid(uids.parse(input.name()));
    tableEnv.createTemporaryView("`" + input.name() + "`", InputTables.of(tableEnv, input, parsed, false));
    tableEnv.createTemporarySystemFunction(EncryptFunction.NAME, new EncryptFunction(plan.encryptionSecrets(), settings.secrets()));
    var computed = FlinkJobBuilder.rows(tableEnv, tableEnv.sqlQuery(plan.jobSql()), plan);
    RowType published = plan.publishedType();
    // every rule breaker is dead-lettered here, whatever the product does with them: only to be counted
    SingleOutputStreamOperator<RowData> valid = computed.rows()
        .process(new RuleSplitter(published.getFieldCount(), plan.rules().stream().map(RulePlan::name).toList(),
            ViolationAction.DEAD_LETTER, plan.product(), FlinkJobBuilder.json(FlinkJobBuilder.nullable(published)), letters, rejectedTag))
        .returns(InternalTypeInfo.of(JsonInputParser.outputType(published)))
        .name("quality rules").uid(uids.qualityRules());
    parsed.getSideOutput(rejectedTag).union(valid.getSideOutput(rejectedTag))
        .process(new StillFailing()).returns(Types.VOID).name("still failing").uid(uids.deadLetters())
        .sinkTo(new DiscardingSink<>()).name("letters stay").uid(uids.deadLetters() + "/stay");

    if (selection.dryRunEnds().isPresent()) {
      valid.sinkTo(new DiscardingSink<>()).name("would pass").uid(uids.topic());
    } else {
      publish(valid, plan, settings, selection.runId());
    }
    SqlOperatorUids.assign(env, uids, plan.stateTtl().isPresent());
  }

  /** What passes goes to topic and table, and its markers to the dead-letter topic; the table commits after both. */
  private static void publish(DataStream<RowData> valid, ProductPlan plan, JobSettings settings, String runId) {
    FlinkJobBuilder.publishToTopic(valid, plan, settings, TOPIC_TRANSACTIONS);
    valid.sinkTo(FlinkJobBuilder.kafkaSink(plan, settings, MARKER_TRANSACTIONS, new RedriveMarkers(plan.names().deadLetterTopic(),
            plan.publishedType().getFieldCount(), runId, plan.version(), settings.clock())))
        .name("re-drive markers " + plan.names().deadLetterTopic()).uid(OperatorUids.of(plan).deadLetters() + "/markers");
    String prefix = plan.names().transactionalIdPrefix();
    TopicCommitsFirst topicFirst = new TopicCommitsFirst(settings.kafka(),
        List.of(prefix + TOPIC_TRANSACTIONS, prefix + MARKER_TRANSACTIONS), plan.product(), settings.commits());
    FlinkJobBuilder.publishToTable(valid, false, List.of(), plan, settings, table -> IcebergCommitter.forRedrive(
        table, plan.product(), plan.version(), new IcebergCommitRetries(settings.commits()), topicFirst, runId));
  }

  /** The name the dead-letter source goes by in operator uids. */
  private static final String REDRIVE_INPUT = "redrive-dead-letters";
}
