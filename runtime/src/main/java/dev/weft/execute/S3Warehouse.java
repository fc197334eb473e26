package dev.weft.execute;

import dev.weft.jobs.mask.SecretLookup;
import dev.weft.jobs.secret.SecretCredentialsProvider;
import dev.weft.jobs.secret.SecretReference;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.aws.AwsClientProperties;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.aws.s3.S3FileIOProperties;

/**
 * A warehouse in an S3 bucket ({@code weft.iceberg.warehouse} {@code s3://bucket/path}), read and
 * written through Iceberg's own {@link S3FileIO} by the products' jobs, by maintenance and by every
 * command that opens a table, and through Trino's native S3 file system by analysts.
 *
 * @param endpoint an S3-compatible store's API endpoint; empty: AWS S3 in {@code region}
 * @param credentials empty: AWS's default credentials chain (environment, profile, instance role)
 */
public record S3Warehouse(Optional<String> endpoint, String region, boolean pathStyleAccess, Optional<Credentials> credentials) {
  /** The environment variables the embedded Trino reads the keys from: its catalog file names them, never the keys. */
  static final String TRINO_ACCESS_KEY_VARIABLE = "WEFT_S3_ACCESS_KEY_ID";
  static final String TRINO_SECRET_KEY_VARIABLE = "WEFT_S3_SECRET_ACCESS_KEY";

  /**
   * Keys as references only, looked up where they are used.
   *
   * @param secretsFolder where {@code ${secret:NAME}} is found when {@code WEFT_SECRET_<NAME>} is not set
   */
  public record Credentials(SecretReference accessKeyId, SecretReference secretAccessKey, Optional<String> secretsFolder) {}

  /**
   * The S3 warehouse the options describe, empty when {@code warehouse} is not on S3.
   *
   * @throws IllegalArgumentException naming the option: a key given as it is instead of as a
   *     reference, one key without the other, S3 options for a warehouse not on S3
   */
  public static Optional<S3Warehouse> of(Configuration options, String warehouse) {
    if (!warehouse.startsWith("s3://")) {
      for (ConfigOption<String> option : List.of(WeftOptions.S3_ENDPOINT, WeftOptions.S3_ACCESS_KEY_ID, WeftOptions.S3_SECRET_ACCESS_KEY)) {
        if (options.getOptional(option).isPresent()) {
          throw new IllegalArgumentException(option.key() + " (" + flag(option) + ") is set, but the warehouse " + warehouse
              + " is not on S3: give --warehouse s3://BUCKET/PATH");
        }
      }
      return Optional.empty();
    }
    if (URI.create(warehouse).getHost() == null) {
      throw new IllegalArgumentException("weft.iceberg.warehouse (--warehouse) " + warehouse + " names no bucket: write s3://BUCKET/PATH");
    }
    Optional<SecretReference> accessKeyId = reference(options, WeftOptions.S3_ACCESS_KEY_ID);
    Optional<SecretReference> secretAccessKey = reference(options, WeftOptions.S3_SECRET_ACCESS_KEY);
    if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
      throw new IllegalArgumentException(WeftOptions.S3_ACCESS_KEY_ID.key() + " and " + WeftOptions.S3_SECRET_ACCESS_KEY.key()
          + " (--s3-access-key-id, --s3-secret-access-key) go together: give both, or neither for AWS's default credentials chain");
    }
    Optional<Credentials> credentials = accessKeyId.map(id -> new Credentials(id, secretAccessKey.orElseThrow(),
        options.getOptional(WeftOptions.SECRETS_DIR).map(folder -> Path.of(folder).toAbsolutePath().toString())));
    return Optional.of(new S3Warehouse(options.getOptional(WeftOptions.S3_ENDPOINT), options.get(WeftOptions.S3_REGION),
        options.get(WeftOptions.S3_PATH_STYLE_ACCESS), credentials));
  }

  /** The key an option holds, which must be a reference; the message never repeats the value. */
  private static Optional<SecretReference> reference(Configuration options, ConfigOption<String> option) {
    return options.getOptional(option).map(value -> SecretReference.parse(value).orElseThrow(() -> new IllegalArgumentException(
        option.key() + " (" + flag(option) + ") must be a reference, ${secret:NAME} or ${env:NAME}, not the key itself: "
            + "a key given as it is would end up in shell histories, process lists and job graphs")));
  }

  private static String flag(ConfigOption<String> option) {
    return "--" + option.key().substring("weft.".length()).replace('.', '-');
  }

  /** What the Iceberg catalog passes to its {@link S3FileIO}: keys as references, for {@link SecretCredentialsProvider} to look up. */
  public Map<String, String> catalogProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(CatalogProperties.FILE_IO_IMPL, S3FileIO.class.getName());
    endpoint.ifPresent(url -> properties.put(S3FileIOProperties.ENDPOINT, url));
    properties.put(S3FileIOProperties.PATH_STYLE_ACCESS, Boolean.toString(pathStyleAccess));
    properties.put(AwsClientProperties.CLIENT_REGION, region);
    credentials.ifPresent(keys -> {
      String prefix = AwsClientProperties.CLIENT_CREDENTIALS_PROVIDER + ".";
      properties.put(AwsClientProperties.CLIENT_CREDENTIALS_PROVIDER, SecretCredentialsProvider.class.getName());
      properties.put(prefix + SecretCredentialsProvider.ACCESS_KEY_ID, keys.accessKeyId().toString());
      properties.put(prefix + SecretCredentialsProvider.SECRET_ACCESS_KEY, keys.secretAccessKey().toString());
      keys.secretsFolder().ifPresent(folder -> properties.put(prefix + SecretCredentialsProvider.SECRETS_FOLDER, folder));
    });
    return properties;
  }

  /**
   * Trino's native S3 file system on this warehouse; the keys are read from environment variables
   * ({@link #trinoEnvironment}), so the catalog file holds none.
   */
  public Map<String, String> trinoProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("fs.native-s3.enabled", "true");
    endpoint.ifPresent(url -> properties.put("s3.endpoint", url));
    properties.put("s3.region", region);
    properties.put("s3.path-style-access", Boolean.toString(pathStyleAccess));
    if (credentials.isPresent()) {
      properties.put("s3.aws-access-key", "${ENV:" + TRINO_ACCESS_KEY_VARIABLE + "}");
      properties.put("s3.aws-secret-key", "${ENV:" + TRINO_SECRET_KEY_VARIABLE + "}");
    }
    return properties;
  }

  /** The keys, looked up here, for the environment of a Trino process that {@link #trinoProperties} configures. */
  public Map<String, String> trinoEnvironment() {
    return credentials.map(keys -> {
      SecretLookup secrets = SecretLookup.of(keys.secretsFolder().map(Path::of));
      return Map.of(TRINO_ACCESS_KEY_VARIABLE, keys.accessKeyId().resolve(secrets),
          TRINO_SECRET_KEY_VARIABLE, keys.secretAccessKey().resolve(secrets));
    }).orElse(Map.of());
  }
}
