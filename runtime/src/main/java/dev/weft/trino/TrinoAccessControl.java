package dev.weft.trino;

import dev.weft.access.ProductAccess;
import dev.weft.access.TrinoRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trino's file-based access control with Weft's rules ({@link TrinoRules}) for the products that
 * run, plus one user allowed everything: whoever runs Weft, so that their {@code weft query} works as
 * before. Trino re-reads the rules file every {@link #REFRESH_PERIOD}, so products started later
 * get their rules without a restart.
 */
final class TrinoAccessControl {
  /** How long a change to the rules file may take to reach queries. */
  static final Duration REFRESH_PERIOD = Duration.ofSeconds(1);
  static final String PROPERTIES_FILE = "access-control.properties";
  static final String RULES_FILE = "rules.json";

  private final Path rules;
  private final String admin;

  TrinoAccessControl(Path etc, String admin) {
    this.rules = etc.resolve(RULES_FILE);
    this.admin = admin;
  }

  Path rulesFile() {
    return rules;
  }

  String admin() {
    return admin;
  }

  /** The properties of {@code etc/access-control.properties}. */
  Map<String, String> properties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("access-control.name", "file");
    properties.put("security.config-file", rules.toString());
    properties.put("security.refresh-period", REFRESH_PERIOD.toMillis() + "ms");
    return properties;
  }

  /**
   * Replaces the rules with those of {@code products}. Whole files only: Trino reads the file when
   * a query needs it, and a half-written one would fail that query.
   */
  void write(List<ProductAccess> products) throws IOException {
    Path next = rules.resolveSibling(RULES_FILE + ".next");
    Files.writeString(next, TrinoRules.of(products, TrinoIcebergCatalog.NAME, Optional.of(admin)) + "\n", StandardCharsets.UTF_8);
    Files.move(next, rules, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
