package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.catalog.client.CatalogClient;
import dev.weft.catalog.client.CatalogException;
import dev.weft.catalogreport.CatalogConnection;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft catalog token create|list|revoke}: the admin's per-domain tokens. A domain's token may
 * register, retire and report only that domain's products; the catalog keeps only its hash, so
 * {@code create} prints it the one time it exists in clear.
 */
@Command(name = "token", description = "Make, list and revoke per-domain catalog tokens (with the admin token).",
    subcommands = {CatalogTokenCommand.Create.class, CatalogTokenCommand.ListTokens.class, CatalogTokenCommand.Revoke.class})
final class CatalogTokenCommand {

  /** Where the catalog is and the admin token, shared by the three subcommands. */
  static final class Connection {
    @Option(names = "--catalog-url", paramLabel = "URL", defaultValue = "http://localhost:8081",
        description = "The catalog service. Default: http://localhost:8081")
    URI catalogUrl;

    @Option(names = "--catalog-token", paramLabel = "TOKEN",
        description = "The admin token, best as a reference ($${env:NAME}, $${secret:name}). Default: $" + CatalogConnection.TOKEN_VARIABLE + ".")
    String catalogToken;

    @Option(names = "--catalog-trust-store", paramLabel = "PEM-FILE",
        description = "Certificates an https catalog's certificate is checked against. Default: the JVM's trust store.")
    Path trustStore;

    CatalogClient client() {
      String token = CatalogConnection.writeToken(Optional.ofNullable(catalogToken)).orElseThrow(() -> new IllegalArgumentException(
          "catalog tokens are managed with the admin token: give --catalog-token or set " + CatalogConnection.TOKEN_VARIABLE));
      return CatalogConnection.client(catalogUrl, token, Optional.ofNullable(trustStore));
    }
  }

  /** Runs one call against the catalog; a refusal is printed on stderr with exit code 1. */
  abstract static class Call implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec command;
    @Mixin Connection connection;

    abstract void run(CatalogClient client, PrintWriter out);

    @Override
    public Integer call() {
      PrintWriter out = command.commandLine().getOut();
      try {
        run(connection.client(), out);
        return 0;
      } catch (CatalogException e) {
        command.commandLine().getErr().println(e.getMessage());
        command.commandLine().getErr().flush();
        return 1;
      } finally {
        out.flush();
      }
    }
  }

  @Command(name = "create", description = "Make a token for one domain and print it (the only time it is shown).")
  static final class Create extends Call {
    @Option(names = "--domain", required = true, paramLabel = "DOMAIN", description = "The domain whose products the token may write.")
    String domain;

    @Override
    void run(CatalogClient client, PrintWriter out) {
      JsonNode made = client.createToken(domain);
      out.println(made.get("token").asText());
      command.commandLine().getErr().println("token " + made.get("id").asLong() + " for domain " + domain
          + " made; it is shown only now: store it as a secret (e.g. WEFT_SECRET_CATALOG_TOKEN, then --catalog-token '${secret:catalog-token}')");
      command.commandLine().getErr().flush();
    }
  }

  @Command(name = "list", description = "List the tokens: id, domain, when made and revoked (never the tokens themselves).")
  static final class ListTokens extends Call {
    @Override
    void run(CatalogClient client, PrintWriter out) {
      out.println(String.format("%-6s %-24s %-26s %s", "ID", "DOMAIN", "CREATED", "REVOKED"));
      for (JsonNode token : client.tokens()) {
        out.println(String.format("%-6d %-24s %-26s %s", token.get("id").asLong(), token.get("domain").asText(), token.get("createdAt").asText(),
            token.get("revokedAt").isNull() ? "-" : token.get("revokedAt").asText()));
      }
    }
  }

  @Command(name = "revoke", description = "Revoke a token by its id: requests with it are refused with 401 from now on.")
  static final class Revoke extends Call {
    @Parameters(paramLabel = "ID", description = "The token's id, as weft catalog token list shows it.")
    long id;

    @Override
    void run(CatalogClient client, PrintWriter out) {
      JsonNode token = client.revokeToken(id);
      out.println("token " + token.get("id").asLong() + " of domain " + token.get("domain").asText() + " revoked at " + token.get("revokedAt").asText());
    }
  }
}
