package dev.weft.cli;

import dev.weft.execute.WeftOptions;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/** Flags of the Trino coordinator {@code weft dev} can start; each sets one {@link WeftOptions} option. */
final class TrinoFlags {
  @Option(names = "--with-trino", description = "Also start a Trino coordinator on the products' Iceberg catalog (weft.trino.enabled).")
  boolean withTrino;

  @Option(names = "--trino-java-home", paramLabel = "DIR",
      description = "JDK 24+ for Trino (weft.trino.java-home). Default: the newest one under /usr/lib/jvm.")
  String javaHome;

  @Option(names = "--trino-home", paramLabel = "DIR",
      description = "Unpacked Trino server with the Iceberg plugin (weft.trino.home). Default: the one the build unpacked.")
  String home;

  @Option(names = "--trino-port", paramLabel = "PORT", description = "Trino's HTTP port on 127.0.0.1 (weft.trino.port). Default: a free one.")
  Integer port;

  @Option(names = "--no-trino-access-control",
      description = "Start Trino without the products' access rules: any user reads and writes everything (weft.trino.access-control=false).")
  boolean withoutAccessControl;

  /** Adds the options these flags set to {@code config}. */
  Configuration addTo(Configuration config) {
    if (withTrino) config.set(WeftOptions.TRINO_ENABLED, true);
    if (javaHome != null) config.set(WeftOptions.TRINO_JAVA_HOME, javaHome);
    if (home != null) config.set(WeftOptions.TRINO_HOME, home);
    if (port != null) config.set(WeftOptions.TRINO_PORT, port);
    if (withoutAccessControl) config.set(WeftOptions.TRINO_ACCESS_CONTROL, false);
    return config;
  }
}
