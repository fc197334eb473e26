package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.jobs.mask.DeterministicCipher;
import dev.weft.testing.WeftCommandLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `weft pii`: whoever holds the key reads encrypted columns back, with the cipher the jobs use. */
class PiiCommandTest {
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[] {
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});

  /** What the first construction published for person1@example.com under KEY. */
  private static final String V1_OF_PERSON1 = "5f-9e5UgBzZnH1isgTWVna6Tzs06pTuRWNeGVpIlCWbwsSE";

  private final WeftCommandLine cli = new WeftCommandLine();
  @TempDir Path secrets;

  @BeforeEach
  void writeKey() throws Exception {
    Files.writeString(secrets.resolve("orders-pii-key"), KEY + "\n");
  }

  @Test
  void decryptsWhatTheMaskPublished() {
    DeterministicCipher cipher = DeterministicCipher.ofSecret("orders-pii-key", KEY);
    String first = cipher.encrypt("person1@example.com");
    String second = cipher.encrypt("Zoë Ünal");

    assertThat(cli.run("pii", "decrypt", "--key-secret", "orders-pii-key", "--secrets-dir", secrets.toString(), first, second))
        .as(cli.err()).isZero();
    assertThat(cli.out()).isEqualTo("person1@example.com\nZoë Ünal\n");
  }

  @Test
  void encryptsAValueAsTheMaskDoesToLookItUp() {
    assertThat(cli.run("pii", "encrypt", "--key-secret", "orders-pii-key", "--secrets-dir", secrets.toString(), "person1@example.com"))
        .as(cli.err()).isZero();
    assertThat(cli.out()).isEqualTo(DeterministicCipher.ofSecret("orders-pii-key", KEY).encrypt("person1@example.com") + "\n");
  }

  @Test
  void reencryptsAFirstConstructionValueAsAnAesSivOne() {
    // enc:v1:… of "person1@example.com" under KEY, as the first construction (before Tink) published it
    String v1 = "enc:v1:" + V1_OF_PERSON1;
    DeterministicCipher cipher = DeterministicCipher.ofSecret("orders-pii-key", KEY);
    String v2 = cipher.encrypt("person1@example.com");
    assertThat(cli.run("pii", "reencrypt", "--key-secret", "orders-pii-key", "--secrets-dir", secrets.toString(), v1, v2))
        .as(cli.err()).isZero();
    assertThat(cli.out()).isEqualTo(v2 + "\n" + v2 + "\n");
    cli.clear();
    assertThat(cli.run("pii", "decrypt", "--key-secret", "orders-pii-key", "--secrets-dir", secrets.toString(), v1)).as(cli.err()).isZero();
    assertThat(cli.out()).isEqualTo("person1@example.com\n");
  }

  @Test
  void reportsEachValueThatDoesNotDecryptAndGoesOn() {
    String good = DeterministicCipher.ofSecret("orders-pii-key", KEY).encrypt("person1@example.com");
    String changed = good.substring(0, good.length() - 1) + (good.endsWith("A") ? "B" : "A");

    assertThat(cli.run("pii", "decrypt", "--key-secret", "orders-pii-key", "--secrets-dir", secrets.toString(), changed, "plain", good))
        .isEqualTo(1);
    assertThat(cli.out()).isEqualTo("person1@example.com\n");
    assertThat(cli.err()).isEqualTo("'" + changed + "': the value does not decrypt with this key: it was encrypted with another key, or changed\n"
        + "'plain': not a value of the encrypt mask: it does not start with enc:v2: or enc:v1:\n");
  }

  @Test
  void namesTheSecretThatIsMissingOrNotAKey() throws Exception {
    assertThat(cli.run("pii", "decrypt", "--key-secret", "other-key", "--secrets-dir", secrets.toString(), "enc:v2:AAAA")).isEqualTo(1);
    Files.writeString(secrets.resolve("short-key"), "c2hvcnQ=");
    assertThat(cli.run("pii", "decrypt", "--key-secret", "short-key", "--secrets-dir", secrets.toString(), "enc:v2:AAAA")).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("secret other-key is not set (set WEFT_SECRET_OTHER_KEY or put it in " + secrets.resolve("other-key") + ")\n"
        + "secret short-key must be a Tink keyset of AES-SIV keys, or 64 random bytes in base64 (make one with: openssl rand -base64 64), "
        + "but it decodes to 5 bytes\n");
  }
}
