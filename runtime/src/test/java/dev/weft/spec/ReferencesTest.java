package dev.weft.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferencesTest {
  private static final Function<String, Optional<String>> ENV =
      of(Map.of("SHOP_DB_URL", "jdbc:postgresql://db:5432/shop", "SHOP_DB_USER", "shop"));
  private static final Function<String, Optional<String>> SECRETS = of(Map.of("shop-db-password", "s3cret$1\\"));

  @Test
  void replacesEveryReferenceAndLeavesTheRestAsWritten() {
    assertThat(References.resolve("${env:SHOP_DB_URL}?user=${env:SHOP_DB_USER}&password=${secret:shop-db-password}", ENV, SECRETS))
        .isEqualTo("jdbc:postgresql://db:5432/shop?user=shop&password=s3cret$1\\");
    assertThat(References.resolve("no references, not even $HOME or ${HOME}", ENV, SECRETS))
        .isEqualTo("no references, not even $HOME or ${HOME}");
  }

  @Test
  void doesNotResolveWhatAValueContains() {
    assertThat(References.resolve("${env:TRICKY}", of(Map.of("TRICKY", "${env:SHOP_DB_URL}")), SECRETS))
        .isEqualTo("${env:SHOP_DB_URL}");
  }

  @Test
  void namesTheReferenceThatIsNotSet() {
    assertThatThrownBy(() -> References.resolve("${env:SHOP_DB_URL}", of(Map.of()), SECRETS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment variable SHOP_DB_URL is not set");
    assertThatThrownBy(() -> References.resolve("${secret:shop-db-password}", ENV, of(Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret shop-db-password is not set (set WEFT_SECRET_SHOP_DB_PASSWORD)");
  }

  @Test
  void refusesAReferenceItDoesNotKnowRatherThanPassingItOn() {
    assertThatThrownBy(() -> References.resolve("${vault:shop-db-password}", ENV, SECRETS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'${vault:shop-db-password}' is not a reference; write ${env:NAME} or ${secret:name}");
    assertThatThrownBy(() -> References.resolve("${env:}", ENV, SECRETS))
        .hasMessage("'${env:}' is not a reference; write ${env:NAME} or ${secret:name}");
  }

  @Test
  void readsSecretsFromWeftSecretVariablesByDefault() {
    assertThat(References.secretVariable("shop-db.password")).isEqualTo("WEFT_SECRET_SHOP_DB_PASSWORD");
    assertThatThrownBy(() -> References.fromEnvironment().apply("${secret:weft-test-never-set}"))
        .hasMessage("secret weft-test-never-set is not set (set WEFT_SECRET_WEFT_TEST_NEVER_SET)");
  }

  @Test
  void readsSecretsFromAFolderWhenTheirVariableIsNotSet(@TempDir Path folder) throws Exception {
    Files.writeString(folder.resolve("shop-db-password"), "s3cret \n");
    assertThat(References.fromEnvironment(folder).apply("${secret:shop-db-password}")).isEqualTo("s3cret ");
    assertThatThrownBy(() -> References.fromEnvironment(folder).apply("${secret:weft-test-never-set}"))
        .hasMessage("secret weft-test-never-set is not set (set WEFT_SECRET_WEFT_TEST_NEVER_SET or put it in "
            + folder.resolve("weft-test-never-set") + ")");
  }

  private static Function<String, Optional<String>> of(Map<String, String> values) {
    return name -> Optional.ofNullable(values.get(name));
  }
}
