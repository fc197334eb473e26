package dev.weft.jobs.mask;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a {@code ${secret:name}} is found, in the process that asks: the environment variable
 * {@code WEFT_SECRET_<NAME>}, else the file {@code <folder>/<name>} (secrets as Kubernetes and
 * Docker mount them). Serializable, so that a task can look a secret up where it runs instead of
 * carrying its value in the job graph.
 */
public final class SecretLookup implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Null: environment variables only. A String, not a Path or an Optional, which are not serializable. */
  private final String folder;

  private SecretLookup(String folder) {
    this.folder = folder;
  }

  /** Secrets from {@code WEFT_SECRET_<NAME>} variables, else from files in {@code folder} if given. */
  public static SecretLookup of(Optional<Path> folder) {
    return new SecretLookup(folder.map(f -> f.toAbsolutePath().toString()).orElse(null));
  }

  /** The environment variable a secret is read from: {@code shop-db-password} → {@code WEFT_SECRET_SHOP_DB_PASSWORD}. */
  public static String variable(String name) {
    return "WEFT_SECRET_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /** The secret's value, if it is set. */
  public Optional<String> find(String name) {
    return Optional.ofNullable(System.getenv(variable(name))).or(() -> folder == null ? Optional.empty() : readFile(Path.of(folder), name));
  }

  /** What to do to set a secret, for messages: {@code set WEFT_SECRET_X or put it in /folder/x}. */
  public String howToSet(String name) {
    return "set " + variable(name) + (folder == null ? "" : " or put it in " + Path.of(folder).resolve(name));
  }

  /**
   * The cipher keyed by the secret's value.
   *
   * @throws IllegalArgumentException naming the secret when it is not set or not a key
   */
  public DeterministicCipher cipher(String name) {
    String value = find(name).orElseThrow(() -> new IllegalArgumentException("secret " + name + " is not set (" + howToSet(name) + ")"));
    return DeterministicCipher.ofSecret(name, value);
  }

  /** The secret in the file named like it in {@code folder}, without the line break {@code echo} ends a file with. */
  public static Optional<String> readFile(Path folder, String name) {
    Path file = folder.resolve(name);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8).replaceFirst("\\R\\z", ""));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read secret " + name + " from " + file + ": " + e.getMessage(), e);
    }
  }
}
