package dev.weft.jobs.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptFunctionTest {
  private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

  @TempDir Path secrets;

  @Test
  void readsItsKeyWhereItRunsAndKeepsItOutOfItsSerializedForm() throws Exception {
    Files.writeString(secrets.resolve("orders-pii-key"), KEY + "\n");
    EncryptFunction function = new EncryptFunction(List.of("orders-pii-key"), SecretLookup.of(Optional.of(secrets)));
    // what the job graph carries: the function as it is shipped to the task managers
    EncryptFunction shipped = InstantiationUtil.clone(function);
    shipped.open(new FunctionContext(null));

    assertThat(shipped.eval("person1@example.com", "orders-pii-key"))
        .isEqualTo(DeterministicCipher.ofSecret("orders-pii-key", KEY).encrypt("person1@example.com"));
    assertThat(shipped.eval(null, "orders-pii-key")).isNull();
    String serialized = new String(InstantiationUtil.serializeObject(shipped), StandardCharsets.ISO_8859_1);
    assertThat(serialized).contains("orders-pii-key").doesNotContain(KEY).doesNotContain("0123456789abcdef");
  }

  @Test
  void aMissingKeyStopsTheTaskNamingTheSecret() {
    EncryptFunction function = new EncryptFunction(List.of("orders-pii-key"), SecretLookup.of(Optional.of(secrets)));
    assertThatThrownBy(() -> function.open(new FunctionContext(null))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret orders-pii-key is not set (set WEFT_SECRET_ORDERS_PII_KEY or put it in " + secrets.toAbsolutePath().resolve("orders-pii-key") + ")");
  }
}
