package dev.weft.jobs.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class DeterministicCipherTest {
  private static final byte[] KEY = bytes(1);
  private static final byte[] OTHER_KEY = bytes(2);

  private static byte[] bytes(int seed) {
    byte[] key = new byte[DeterministicCipher.KEY_BYTES];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (seed * 31 + i);
    }
    return key;
  }

  @Test
  void decryptsWhatItEncrypted() {
    DeterministicCipher cipher = new DeterministicCipher(KEY);
    for (String value : new String[] {"person1@example.com", "", "Zoë Ünal 山田", "x".repeat(10_000)}) {
      assertThat(new DeterministicCipher(KEY).decrypt(cipher.encrypt(value))).isEqualTo(value);
    }
  }

  @Test
  void equalValuesEncryptEquallyUnderOneKeyAndDifferentlyUnderAnother() {
    String once = new DeterministicCipher(KEY).encrypt("person1@example.com");
    assertThat(new DeterministicCipher(KEY).encrypt("person1@example.com")).isEqualTo(once);
    assertThat(new DeterministicCipher(KEY).encrypt("person2@example.com")).isNotEqualTo(once);
    assertThat(new DeterministicCipher(OTHER_KEY).encrypt("person1@example.com")).isNotEqualTo(once);
  }

  @Test
  void writesAVersionedBase64UrlText() {
    String encrypted = new DeterministicCipher(KEY).encrypt("person1@example.com");
    assertThat(encrypted).startsWith("enc:v1:").matches("enc:v1:[A-Za-z0-9_-]+");
    // 16-byte tag + the 19 bytes of the value, unpadded base64url
    assertThat(Base64.getUrlDecoder().decode(encrypted.substring("enc:v1:".length()))).hasSize(16 + 19);
  }

  @Test
  void refusesAChangedValueOrAnotherKey() {
    String encrypted = new DeterministicCipher(KEY).encrypt("person1@example.com");
    byte[] bytes = Base64.getUrlDecoder().decode(encrypted.substring("enc:v1:".length()));
    bytes[bytes.length - 1] ^= 1;
    String tampered = "enc:v1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

    assertThatThrownBy(() -> new DeterministicCipher(KEY).decrypt(tampered)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the value does not decrypt with this key: it was encrypted with another key, or changed");
    assertThatThrownBy(() -> new DeterministicCipher(OTHER_KEY).decrypt(encrypted)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the value does not decrypt with this key: it was encrypted with another key, or changed");
  }

  @Test
  void refusesWhatIsNotAnEncryptedValue() {
    DeterministicCipher cipher = new DeterministicCipher(KEY);
    assertThatThrownBy(() -> cipher.decrypt("person1@example.com"))
        .hasMessage("not a value of the encrypt mask: it does not start with enc:v1:");
    assertThatThrownBy(() -> cipher.decrypt("enc:v1:not base64!"))
        .hasMessage("not a value of the encrypt mask: what follows enc:v1: is not base64url");
    assertThatThrownBy(() -> cipher.decrypt("enc:v1:AAAA"))
        .hasMessage("not a value of the encrypt mask: 3 bytes, shorter than its 16-byte tag");
  }

  @Test
  void aSecretMustBeThirtyTwoBytesOfBase64() {
    String key = Base64.getEncoder().encodeToString(KEY);
    assertThat(DeterministicCipher.ofSecret("orders-pii-key", key + "\n").encrypt("a")).isEqualTo(new DeterministicCipher(KEY).encrypt("a"));
    assertThatThrownBy(() -> DeterministicCipher.ofSecret("orders-pii-key", Base64.getEncoder().encodeToString(new byte[16])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret orders-pii-key must be 32 random bytes in base64 (make one with: openssl rand -base64 32), but it decodes to 16 bytes");
    assertThatThrownBy(() -> DeterministicCipher.ofSecret("orders-pii-key", "correct horse battery staple"))
        .hasMessage("secret orders-pii-key must be 32 random bytes in base64 (make one with: openssl rand -base64 32), but it is not base64");
  }
}
