package dev.weft.jobs.sink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.iceberg.io.WriteResult;

/**
 * What one writer subtask wrote up to a checkpoint: the files, the input positions they cover and
 * the watermark. Java-serialized as one unit because Iceberg's file metadata is Java-serializable
 * and nothing else about it needs to be read in transit.
 */
public final class IcebergWriteBatch implements Serializable {
  private static final long serialVersionUID = 1L;

  public final long checkpointId;
  public final WriteResult files;
  public final SourcePositions positions;
  public final long watermark;

  public IcebergWriteBatch(long checkpointId, WriteResult files, SourcePositions positions, long watermark) {
    this.checkpointId = checkpointId;
    this.files = files;
    this.positions = positions;
    this.watermark = watermark;
  }

  public boolean hasFiles() {
    return files.dataFiles().length > 0 || files.deleteFiles().length > 0;
  }

  static byte[] toBytes(Serializable value) {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static <T> T fromBytes(byte[] bytes, ClassLoader loader) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
        return Class.forName(desc.getName(), false, loader);
      }
    }) {
      return (T) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot read Iceberg commit state", e);
    }
  }
}
