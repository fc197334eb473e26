package dev.weft.jobs.source.cdc;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Flink CDC 3.5.0's PostgreSQL fetch task logs Debezium's whole configuration at INFO when it reads
 * a split ({@code PostgresConnectorConfig is {…, database.password=…}}), in the clear: where a
 * source is built, that one logger is kept at WARN, whatever level the cluster's log configuration
 * gives the rest. Only for Log4j 2, which Flink ships; another logging backend needs the logger
 * silenced in its own configuration.
 */
final class CdcConfigLogging {
  static final String PASSWORD_LOGGER = "org.apache.flink.cdc.connectors.postgres.source.fetch.PostgresSourceFetchTaskContext";

  private CdcConfigLogging() {}

  static void keepPasswordsOutOfTheLogs() {
    try {
      if (!org.apache.logging.log4j.LogManager.getLogger(PASSWORD_LOGGER).isEnabled(Level.INFO)) {
        return;
      }
      Configurator.setLevel(PASSWORD_LOGGER, Level.WARN);
    } catch (LinkageError | ClassCastException notLog4jCore) {
      // another backend: its configuration must silence the logger (docs/policies.md#secrets)
    }
  }
}
