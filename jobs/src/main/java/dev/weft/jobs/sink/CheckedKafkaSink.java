package dev.weft.jobs.sink;

import java.io.IOException;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.lineage.LineageVertex;
import org.apache.flink.streaming.api.lineage.LineageVertexProvider;

/**
 * The connector's exactly-once {@link KafkaSink}, except that a transaction it cannot commit
 * stops the product. The connector itself only logs such a transaction and drops it
 * (flink-connector-kafka 3.4.0: {@code KafkaCommitter} signals a fenced or aborted transaction as
 * "failed with known reason", which Flink 1.20 counts and discards), so the checkpoint's records
 * would be missing from the topic while its table holds them. Writing and state are the
 * connector's, unchanged.
 *
 * <p>The connector's state and committable types are package-private, hence the type parameters.
 */
public final class CheckedKafkaSink<T, S, C>
    implements Sink<T>, SupportsWriterState<T, S>, SupportsCommitter<C>, LineageVertexProvider {
  private static final long serialVersionUID = 1L;

  private final KafkaSink<T> connector;
  private final String product;
  private final CommitSettings settings;

  private CheckedKafkaSink(KafkaSink<T> connector, String product, CommitSettings settings) {
    this.connector = connector;
    this.product = product;
    this.settings = settings;
  }

  public static <T> Sink<T> of(KafkaSink<T> connector, String product, CommitSettings settings) {
    return new CheckedKafkaSink<T, Object, Object>(connector, product, settings);
  }

  @SuppressWarnings("unchecked")
  private SupportsWriterState<T, S> stateful() {
    return (SupportsWriterState<T, S>) (Object) connector;
  }

  @SuppressWarnings("unchecked")
  private SupportsCommitter<C> committing() {
    return (SupportsCommitter<C>) (Object) connector;
  }

  @Override
  @SuppressWarnings("deprecation")
  public SinkWriter<T> createWriter(InitContext context) throws IOException {
    return connector.createWriter(context);
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    return connector.createWriter(context);
  }

  @Override
  public StatefulSinkWriter<T, S> restoreWriter(WriterInitContext context, Collection<S> recoveredState) throws IOException {
    return stateful().restoreWriter(context, recoveredState);
  }

  @Override
  public SimpleVersionedSerializer<S> getWriterStateSerializer() {
    return stateful().getWriterStateSerializer();
  }

  @Override
  public Committer<C> createCommitter(CommitterInitContext context) throws IOException {
    boolean firstRunOfJob = context.getTaskInfo().getAttemptNumber() == 0 && context.getRestoredCheckpointId().isEmpty();
    return new LoudKafkaCommitter<>(committing().createCommitter(context), product, settings,
        settings.failBeforeFirstCommit() && firstRunOfJob);
  }

  @Override
  public SimpleVersionedSerializer<C> getCommittableSerializer() {
    return committing().getCommittableSerializer();
  }

  @Override
  public LineageVertex getLineageVertex() {
    return connector.getLineageVertex();
  }
}
