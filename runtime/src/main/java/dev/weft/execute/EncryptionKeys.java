package dev.weft.execute;

import dev.weft.plan.ProductPlan;
import dev.weft.plan.PublishedColumn;
import dev.weft.jobs.mask.SecretLookup;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;

/**
 * The keys of products' encrypt masks, checked where Weft runs before any of the products starts.
 * The jobs' tasks read the keys themselves (the job graph holds only the secrets' names); on the
 * local cluster they find them where this check does.
 */
public final class EncryptionKeys {
  private EncryptionKeys() {}

  /** Where products run with {@code options} find their keys: env variables, then {@code weft.secrets-dir}. */
  public static SecretLookup lookup(Configuration options) {
    return SecretLookup.of(options.getOptional(WeftOptions.SECRETS_DIR).map(Path::of));
  }

  /** @throws IllegalStateException naming the product, the secret, how to set it and the columns it encrypts */
  public static void check(List<ProductPlan> plans, SecretLookup secrets) {
    for (ProductPlan plan : plans) {
      for (String secret : plan.encryptionSecrets()) {
        try {
          secrets.cipher(secret);
        } catch (IllegalArgumentException e) {
          String columns = plan.columns().stream().filter(c -> c.keySecret().equals(Optional.of(secret)))
              .map(PublishedColumn::name).collect(Collectors.joining(", "));
          throw new IllegalStateException("product " + plan.product() + " is not started: " + e.getMessage()
              + "; it holds the key that " + columns + " " + (columns.contains(",") ? "are" : "is") + " encrypted with", e);
        }
      }
    }
  }
}
