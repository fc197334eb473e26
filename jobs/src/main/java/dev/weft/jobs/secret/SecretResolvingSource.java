package dev.weft.jobs.secret;

import dev.weft.jobs.mask.SecretLookup;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A source whose connection password the job carries as a reference, built where it runs: the
 * split enumerator (JobManager) and each reader (TaskManager) look the password up and only then
 * build the real source. Flink CDC's sources keep the password in their serializable config
 * factory, so a source built in Weft's process would put it into the job graph.
 *
 * @param <T> records
 * @param <S> splits
 * @param <C> the enumerator's checkpoint
 */
public final class SecretResolvingSource<T, S extends SourceSplit, C> implements Source<T, S, C>, ResultTypeQueryable<T> {
  private static final long serialVersionUID = 1L;

  /** Builds the real source once the password is known; holds everything else the source needs, never the password. */
  @FunctionalInterface
  public interface WithPassword<T, S extends SourceSplit, C> extends Serializable {
    Source<T, S, C> build(String password);
  }

  private final WithPassword<T, S, C> source;
  private final SecretReference password;
  private final SecretLookup secrets;
  private final TypeInformation<T> producedType;
  private final Boundedness boundedness;
  /** Built on first use where the source runs; never serialized. */
  private transient Source<T, S, C> built;

  /**
   * @param producedType and {@code boundedness}: what the client asks while it builds the job graph, answered without the password
   */
  public SecretResolvingSource(WithPassword<T, S, C> source, SecretReference password, SecretLookup secrets,
      TypeInformation<T> producedType, Boundedness boundedness) {
    this.source = source;
    this.password = password;
    this.secrets = secrets;
    this.producedType = producedType;
    this.boundedness = boundedness;
  }

  private synchronized Source<T, S, C> built() {
    if (built == null) {
      built = source.build(password.resolve(secrets));
    }
    return built;
  }

  @Override
  public Boundedness getBoundedness() {
    return boundedness;
  }

  @Override
  public SourceReader<T, S> createReader(SourceReaderContext readerContext) throws Exception {
    return built().createReader(readerContext);
  }

  @Override
  public SplitEnumerator<S, C> createEnumerator(SplitEnumeratorContext<S> enumContext) throws Exception {
    return built().createEnumerator(enumContext);
  }

  @Override
  public SplitEnumerator<S, C> restoreEnumerator(SplitEnumeratorContext<S> enumContext, C checkpoint) throws Exception {
    return built().restoreEnumerator(enumContext, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<S> getSplitSerializer() {
    return built().getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<C> getEnumeratorCheckpointSerializer() {
    return built().getEnumeratorCheckpointSerializer();
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return producedType;
  }

  @Override
  public String toString() {
    return "source with password " + password;
  }
}
