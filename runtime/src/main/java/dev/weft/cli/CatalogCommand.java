package dev.weft.cli;

import dev.weft.catalogreport.CatalogConnection;
import dev.weft.catalog.CatalogSettings;
import dev.weft.catalog.cost.PriceTable;
import dev.weft.catalog.launch.CatalogLauncher;
import dev.weft.catalog.launch.RunningCatalog;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import dev.weft.policy.PolicySet;
import dev.weft.policy.RegistrationPolicyCheck;
import java.nio.file.Files;
import picocli.CommandLine.Spec;

/** {@code weft catalog}: the catalog service on its own, until Ctrl-C. */
@Command(name = "catalog", mixinStandardHelpOptions = true, description = "Run the catalog service alone: its API, OpenAPI document and web page.",
    subcommands = CatalogTokenCommand.class)
final class CatalogCommand implements Callable<Integer> {
  static final String PASSWORD_VARIABLE = "WEFT_CATALOG_DB_PASSWORD";

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Option(names = "--db", paramLabel = "JDBC-URL",
      description = "The catalog's PostgreSQL database. Default: an embedded PostgreSQL whose data stays in --data-dir.")
  String db;

  @Option(names = "--db-user", paramLabel = "USER", defaultValue = "postgres", description = "User of --db. Default: postgres.")
  String dbUser;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".weft/catalog-postgres",
      description = "Data directory of the embedded PostgreSQL (without --db). Default: .weft/catalog-postgres")
  Path dataDir;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + CatalogSettings.DEFAULT_PORT,
      description = "TCP port; 0 picks a free one. Default: 8081.")
  int port;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "The admin token: it may do everything, including making domain tokens; best as a reference ($${env:NAME}, "
          + "$${secret:name}). Default: $WEFT_CATALOG_TOKEN.")
  String token;

  @Option(names = "--read-auth", description = "Reads need a token too (any domain's or the admin's). Default: reads are open.")
  boolean readAuth;

  @Option(names = "--tls-cert", paramLabel = "PEM-FILE", description = "Serve HTTPS with this certificate chain (PEM, leaf first); needs --tls-key.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM-FILE", description = "Private key of --tls-cert (PEM, PKCS #8: -----BEGIN PRIVATE KEY-----).")
  Path tlsKey;

  @Option(names = "--bind", paramLabel = "ADDRESS",
      description = "Address to listen on. Default: loopback (127.0.0.1) without TLS, so no token crosses a network in clear; every interface with TLS.")
  String bind;

  @Option(names = "--prices", paramLabel = "FILE", description = "Price table (properties: currency, per-cpu-hour, per-gb-month, per-gb-transferred).")
  Path prices;

  @Option(names = "--max-request-bytes", paramLabel = "N", defaultValue = "" + CatalogSettings.DEFAULT_MAX_REQUEST_BYTES,
      description = "Larger request bodies are refused with 413. Default: 1048576.")
  long maxRequestBytes;

  @Option(names = "--policies", paramLabel = "FILE",
      description = "Policy file (kind: PolicySet) every registration is checked against; served at /api/v1/policies.")
  Path policies;

  @Override
  public Integer call() throws Exception {
    String adminToken = CatalogConnection.writeToken(Optional.ofNullable(token)).orElseThrow(() ->
        new IllegalArgumentException("the catalog needs an admin token: give --token or set " + CatalogConnection.TOKEN_VARIABLE));
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both PEM files, or neither for plain HTTP");
    }
    CatalogSettings settings = CatalogSettings.defaults(adminToken).withPort(port).withMaxRequestBytes(maxRequestBytes)
        .withPrices(prices == null ? PriceTable.DEFAULT : PriceTable.load(prices)).withReadsNeedToken(readAuth).withBind(bind)
        .withTls(tlsCert == null ? null : new CatalogSettings.TlsFiles(tlsCert, tlsKey));
    if (policies != null) {
      // a policy file with a problem is refused here, as weft validate refuses it
      settings = settings.withPolicies(new RegistrationPolicyCheck(PolicySet.load(policies), Files.readString(policies)));
    }
    CatalogLauncher launcher = CatalogLauncher.find();
    boolean interrupted = false;
    try (RunningCatalog service = db == null ? launcher.startEmbedded(dataDir, settings)
        : launcher.start(db, dbUser, System.getenv(PASSWORD_VARIABLE), settings)) {
      var out = command.commandLine().getOut();
      java.net.InetAddress bound = service.address().getAddress();
      String host = bound.isLoopbackAddress() || bound.isAnyLocalAddress() ? "localhost" : bound.getHostAddress();
      out.println("catalog: serving " + service.scheme() + "://" + host + ":" + service.port() + "/ (API /api/v1, OpenAPI /api/openapi.json)"
          + (bound.isLoopbackAddress() ? ", on loopback only (--bind to change)" : "") + (readAuth ? ", reads need a token" : "")
          + ", database " + (db != null ? db : "embedded in " + dataDir));
      out.flush();
      CountDownLatch stopped = new CountDownLatch(1);
      Thread hook = new Thread(stopped::countDown, "weft-catalog-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Runtime.getRuntime().removeShutdownHook(hook);
        interrupted = true;
      }
    }
    if (interrupted) {
      // only now: the embedded server's stop waits for its process, which an interrupt would cut short
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
