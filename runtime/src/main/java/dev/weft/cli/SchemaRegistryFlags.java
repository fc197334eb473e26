package dev.weft.cli;

import dev.weft.execute.WeftOptions;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/** Flags of the schema registry Avro products use; each sets one {@link WeftOptions} option. */
final class SchemaRegistryFlags {
  @Option(names = "--schema-registry", paramLabel = "URL",
      description = "Confluent-compatible schema registry API for Avro topics, e.g. http://registry:8080/apis/ccompat/v7 "
          + "(weft.schema-registry.url). Default: weft dev starts one when a spec uses Avro.")
  String url;

  @Option(names = "--schema-registry-java-home", paramLabel = "DIR",
      description = "JDK 21+ for the schema registry weft dev starts (weft.schema-registry.java-home). Default: the newest one under /usr/lib/jvm.")
  String javaHome;

  /** Adds the options these flags set to {@code config}. */
  Configuration addTo(Configuration config) {
    if (url != null) config.set(WeftOptions.SCHEMA_REGISTRY_URL, url);
    if (javaHome != null) config.set(WeftOptions.SCHEMA_REGISTRY_JAVA_HOME, javaHome);
    return config;
  }
}
