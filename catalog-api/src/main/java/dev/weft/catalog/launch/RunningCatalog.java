package dev.weft.catalog.launch;

import java.net.InetSocketAddress;

/** A catalog service started in this process; {@link #close()} stops it (and its embedded database, if it started one). */
public interface RunningCatalog extends AutoCloseable {

  /** The address and port the service listens on. */
  InetSocketAddress address();

  default int port() {
    return address().getPort();
  }

  /** {@code http} or {@code https}, as the service was started. */
  String scheme();

  @Override
  void close();
}
