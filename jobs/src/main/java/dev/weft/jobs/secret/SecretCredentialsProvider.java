package dev.weft.jobs.secret;

import dev.weft.jobs.mask.SecretLookup;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The S3 credentials of a warehouse on S3, looked up where an S3 client is built: Iceberg's
 * {@code S3FileIO} creates this provider (its {@code client.credentials-provider}) in whichever
 * process opens the table, a Flink task included, with the properties under
 * {@code client.credentials-provider.}. Those hold {@code ${secret:NAME}}/{@code ${env:NAME}}
 * references, never keys, so the catalog properties, the FileIO and the job graph that carry them
 * hold no key either ({@code s3.access-key-id} would be carried as it is).
 */
public final class SecretCredentialsProvider implements AwsCredentialsProvider {
  /** Property: the reference of the access key id. */
  public static final String ACCESS_KEY_ID = "access-key-id";
  /** Property: the reference of the secret access key. */
  public static final String SECRET_ACCESS_KEY = "secret-access-key";
  /** Property, optional: the secrets folder ({@link SecretLookup}) where {@code WEFT_SECRET_<NAME>} is not set. */
  public static final String SECRETS_FOLDER = "secrets-folder";

  private final SecretReference accessKeyId;
  private final SecretReference secretAccessKey;
  private final SecretLookup secrets;
  private volatile AwsCredentials resolved;

  private SecretCredentialsProvider(SecretReference accessKeyId, SecretReference secretAccessKey, SecretLookup secrets) {
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.secrets = secrets;
  }

  /**
   * What Iceberg calls with the {@code client.credentials-provider.*} properties.
   *
   * @throws IllegalArgumentException naming the property that is missing or not a reference
   */
  public static SecretCredentialsProvider create(Map<String, String> properties) {
    return new SecretCredentialsProvider(reference(properties, ACCESS_KEY_ID), reference(properties, SECRET_ACCESS_KEY),
        SecretLookup.of(Optional.ofNullable(properties.get(SECRETS_FOLDER)).map(Path::of)));
  }

  private static SecretReference reference(Map<String, String> properties, String name) {
    String value = properties.getOrDefault(name, "");
    // the message names the property, never its value: a key given by mistake must not reach a log
    return SecretReference.parse(value).orElseThrow(() -> new IllegalArgumentException(
        "S3 credentials property client.credentials-provider." + name + " must be a reference (${secret:NAME} or ${env:NAME})"));
  }

  /** Looked up once, at the first request: a secret that is not set fails the first read or write, naming it. */
  @Override
  public AwsCredentials resolveCredentials() {
    AwsCredentials credentials = resolved;
    if (credentials == null) {
      credentials = AwsBasicCredentials.create(accessKeyId.resolve(secrets), secretAccessKey.resolve(secrets));
      resolved = credentials;
    }
    return credentials;
  }

  @Override
  public String toString() {
    return "S3 credentials " + accessKeyId + " / " + secretAccessKey;
  }
}
