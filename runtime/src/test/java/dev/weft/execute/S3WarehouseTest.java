package dev.weft.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.jobs.secret.SecretCredentialsProvider;
import dev.weft.testing.WeftCommandLine;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class S3WarehouseTest {
  private static final String WAREHOUSE = "s3://lake/warehouse";

  @Test
  void aSecretKeyGivenAsItIsIsRefusedNamingTheOption() {
    Configuration options = new Configuration();
    options.set(WeftOptions.S3_ACCESS_KEY_ID, "${env:S3_KEY_ID}");
    options.set(WeftOptions.S3_SECRET_ACCESS_KEY, "wJalrXUtnFEMI/K7MDENG");

    assertThatThrownBy(() -> S3Warehouse.of(options, WAREHOUSE)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weft.s3.secret-access-key (--s3-secret-access-key) must be a reference, ${secret:NAME} or ${env:NAME}, "
            + "not the key itself: a key given as it is would end up in shell histories, process lists and job graphs");
  }

  @Test
  void weftRunRefusesAClearSecretKeyBeforeAnythingStarts() {
    WeftCommandLine weft = new WeftCommandLine();
    int exit = weft.run("run", "../product-specs/orders", "--warehouse", WAREHOUSE, "--s3-access-key-id", "${env:S3_KEY_ID}",
        "--s3-secret-access-key", "wJalrXUtnFEMI/K7MDENG");

    assertThat(exit).isEqualTo(2);
    assertThat(weft.err()).isEqualTo("weft.s3.secret-access-key (--s3-secret-access-key) must be a reference, ${secret:NAME} or "
        + "${env:NAME}, not the key itself: a key given as it is would end up in shell histories, process lists and job graphs\n");
    assertThat(weft.out()).isEmpty();
  }

  @Test
  void anAccessKeyIdGivenAsItIsAndOneKeyWithoutTheOtherAreRefused() {
    Configuration clearId = new Configuration();
    clearId.set(WeftOptions.S3_ACCESS_KEY_ID, "AKIAIOSFODNN7EXAMPLE");
    clearId.set(WeftOptions.S3_SECRET_ACCESS_KEY, "${secret:s3-key}");
    assertThatThrownBy(() -> S3Warehouse.of(clearId, WAREHOUSE))
        .hasMessageStartingWith("weft.s3.access-key-id (--s3-access-key-id) must be a reference, ${secret:NAME} or ${env:NAME}, ");

    Configuration onlySecret = new Configuration();
    onlySecret.set(WeftOptions.S3_SECRET_ACCESS_KEY, "${secret:s3-key}");
    assertThatThrownBy(() -> S3Warehouse.of(onlySecret, WAREHOUSE)).hasMessage("weft.s3.access-key-id and weft.s3.secret-access-key "
        + "(--s3-access-key-id, --s3-secret-access-key) go together: give both, or neither for AWS's default credentials chain");
  }

  @Test
  void s3OptionsForAWarehouseOnLocalDiskAreRefused() {
    Configuration options = new Configuration();
    options.set(WeftOptions.S3_ENDPOINT, "http://127.0.0.1:9090");
    assertThatThrownBy(() -> S3Warehouse.of(options, "file:///work/.weft/warehouse"))
        .hasMessage("weft.s3.endpoint (--s3-endpoint) is set, but the warehouse file:///work/.weft/warehouse is not on S3: "
            + "give --warehouse s3://BUCKET/PATH");
    assertThat(S3Warehouse.of(new Configuration(), "file:///work/.weft/warehouse")).isEmpty();
  }

  @Test
  void theCatalogAndTrinoGetReferencesNeverKeys() {
    Configuration options = new Configuration();
    options.set(WeftOptions.S3_ENDPOINT, "http://127.0.0.1:9090");
    options.set(WeftOptions.S3_PATH_STYLE_ACCESS, true);
    options.set(WeftOptions.S3_ACCESS_KEY_ID, "${env:S3_KEY_ID}");
    options.set(WeftOptions.S3_SECRET_ACCESS_KEY, "${secret:s3-key}");
    options.set(WeftOptions.SECRETS_DIR, "/run/secrets");
    S3Warehouse s3 = S3Warehouse.of(options, WAREHOUSE).orElseThrow();

    assertThat(s3.catalogProperties()).containsExactly(
        Map.entry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO"),
        Map.entry("s3.endpoint", "http://127.0.0.1:9090"),
        Map.entry("s3.path-style-access", "true"),
        Map.entry("client.region", "us-east-1"),
        Map.entry("client.credentials-provider", SecretCredentialsProvider.class.getName()),
        Map.entry("client.credentials-provider.access-key-id", "${env:S3_KEY_ID}"),
        Map.entry("client.credentials-provider.secret-access-key", "${secret:s3-key}"),
        Map.entry("client.credentials-provider.secrets-folder", "/run/secrets"));
    assertThat(s3.trinoProperties()).containsExactly(
        Map.entry("fs.native-s3.enabled", "true"),
        Map.entry("s3.endpoint", "http://127.0.0.1:9090"),
        Map.entry("s3.region", "us-east-1"),
        Map.entry("s3.path-style-access", "true"),
        Map.entry("s3.aws-access-key", "${ENV:WEFT_S3_ACCESS_KEY_ID}"),
        Map.entry("s3.aws-secret-key", "${ENV:WEFT_S3_SECRET_ACCESS_KEY}"));
    assertThat(new S3Warehouse(Optional.empty(), "eu-west-1", false, Optional.empty()).trinoProperties()).containsExactly(
        Map.entry("fs.native-s3.enabled", "true"), Map.entry("s3.region", "eu-west-1"), Map.entry("s3.path-style-access", "false"));
  }
}
