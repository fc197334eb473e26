package dev.weft.jobs.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.subtle.AesSiv;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DeterministicCipherTest {
  private static final byte[] KEY = bytes(1, DeterministicCipher.AES_SIV_KEY_BYTES);
  private static final byte[] OTHER_KEY = bytes(2, DeterministicCipher.AES_SIV_KEY_BYTES);
  private static final byte[] V1_KEY = bytes(1, DeterministicCipher.V1_KEY_BYTES);
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] bytes(int seed, int length) {
    byte[] key = new byte[length];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (seed * 31 + i);
    }
    return key;
  }

  /**
   * The AES-SIV the mask uses, against known answers: RFC 5297's construction (S2V over AES-CMAC,
   * then AES-CTR) with 512-bit keys, the only size Tink takes (RFC 5297's own examples use 256-bit
   * keys, which Tink refuses), from Project Wycheproof's aes_siv_cmac_test.json (tcId 305, 320,
   * 325: an edge-case synthetic IV, 335: a flipped tag bit).
   */
  @Test
  void aesSivGivesTheKnownAnswersOfRfc5297sConstruction() throws GeneralSecurityException {
    assertKnownAnswer("e2c5662bb18fbb411d0304e4241db073fe60a4704fee290073513038a22b4cd542580b2b4edbc37e3de01c0cb61abcad46986cdc491ce9e5ae5af223ff58b953",
        "fab912dec29a34aabfaef176", "0d", "1c6969ecb15741a9959b7a8492250e391a");
    assertKnownAnswer("139383f3f82dc78e0b380027f9e5fcd2ed23716404be5c554452e4dc73d237026594491820c6b8297185cc1fa84f49a5c7d7cd05c5de090ff1c3397bc2740437",
        "d39da73ffc03ad0a9213ffc7", "48604944a80fadf50d55b87727934458c8",
        "a9cf73951cb39823777f35c96c845169476e2ec2317cb6b8dd8b6172fdceabff9d");
    String counting = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";
    assertKnownAnswer(counting, "", "8dbfee9580e7e2bc66100a674497f4e1", "000000000000000000000000000000007ef8aa7e4dd49d9cfa09e9cb574fd90d");
    DeterministicAead siv = new AesSiv(HEX.parseHex(counting));
    assertThatThrownBy(() -> siv.decryptDeterministically(HEX.parseHex("6ef5b8ef53fc365606cd3ea047374885"), new byte[0]))
        .isInstanceOf(GeneralSecurityException.class);
  }

  private static void assertKnownAnswer(String key, String aad, String plain, String sealed) throws GeneralSecurityException {
    DeterministicAead siv = new AesSiv(HEX.parseHex(key));
    assertThat(HEX.formatHex(siv.encryptDeterministically(HEX.parseHex(plain), HEX.parseHex(aad)))).isEqualTo(sealed);
    assertThat(HEX.formatHex(siv.decryptDeterministically(HEX.parseHex(sealed), HEX.parseHex(aad)))).isEqualTo(plain);
  }

  @Test
  void anEncryptedValueIsTheAesSivOfTheValueUnderTheKey() throws GeneralSecurityException {
    String encrypted = new DeterministicCipher(KEY).encrypt("person1@example.com");
    byte[] sealed = Base64.getUrlDecoder().decode(encrypted.substring("enc:v2:".length()));
    assertThat(sealed).isEqualTo(new AesSiv(KEY).encryptDeterministically("person1@example.com".getBytes(), new byte[0]));
  }

  @Test
  void decryptsWhatItEncrypted() {
    for (byte[] key : new byte[][] {KEY, V1_KEY}) {
      DeterministicCipher cipher = new DeterministicCipher(key);
      for (String value : new String[] {"person1@example.com", "", "Zoë Ünal 山田", "x".repeat(10_000)}) {
        assertThat(new DeterministicCipher(key).decrypt(cipher.encrypt(value))).isEqualTo(value);
      }
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
    assertThat(encrypted).startsWith("enc:v2:").matches("enc:v2:[A-Za-z0-9_-]+");
    // 16-byte synthetic IV + the 19 bytes of the value, unpadded base64url
    assertThat(Base64.getUrlDecoder().decode(encrypted.substring("enc:v2:".length()))).hasSize(16 + 19);
  }

  @Test
  void refusesAChangedValueOrAnotherKey() {
    String encrypted = new DeterministicCipher(KEY).encrypt("person1@example.com");
    for (int at : new int[] {0, 15, 16, 34}) {
      byte[] bytes = Base64.getUrlDecoder().decode(encrypted.substring("enc:v2:".length()));
      bytes[at] ^= 1;
      String tampered = "enc:v2:" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      assertThatThrownBy(() -> new DeterministicCipher(KEY).decrypt(tampered)).as("byte %d changed", at)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the value does not decrypt with this key: it was encrypted with another key, or changed");
    }
    assertThatThrownBy(() -> new DeterministicCipher(OTHER_KEY).decrypt(encrypted)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the value does not decrypt with this key: it was encrypted with another key, or changed");
  }

  @Test
  void v1ValuesStayReadableWithTheirKeyAndAreReencryptedAsV2() {
    String v1 = new SivHmacV1Cipher(V1_KEY).encrypt("person1@example.com");
    DeterministicCipher cipher = new DeterministicCipher(V1_KEY);
    assertThat(cipher.decrypt(v1)).isEqualTo("person1@example.com");
    String v2 = cipher.reencrypt(v1);
    assertThat(v2).startsWith("enc:v2:").isEqualTo(cipher.encrypt("person1@example.com"));
    assertThat(cipher.decrypt(v2)).isEqualTo("person1@example.com");
    assertThat(cipher.reencrypt(v2)).isEqualTo(v2);
    assertThatThrownBy(() -> new DeterministicCipher(KEY).decrypt(v1))
        .hasMessage("an enc:v1: value needs the 32-byte key it was encrypted with; this key is an AES-SIV key");
  }

  @Test
  void refusesWhatIsNotAnEncryptedValue() {
    DeterministicCipher cipher = new DeterministicCipher(KEY);
    assertThatThrownBy(() -> cipher.decrypt("person1@example.com"))
        .hasMessage("not a value of the encrypt mask: it does not start with enc:v2: or enc:v1:");
    assertThatThrownBy(() -> cipher.decrypt("enc:v2:not base64!"))
        .hasMessage("not a value of the encrypt mask: what follows enc:v2: is not base64url");
    assertThatThrownBy(() -> cipher.decrypt("enc:v2:AAAA"))
        .hasMessage("the value does not decrypt with this key: it was encrypted with another key, or changed");
  }

  @Test
  void aSecretIsATinkKeysetOrSixtyFourOrThirtyTwoBytesOfBase64() {
    String key = Base64.getEncoder().encodeToString(KEY);
    assertThat(DeterministicCipher.ofSecret("orders-pii-key", key + "\n").encrypt("a")).isEqualTo(new DeterministicCipher(KEY).encrypt("a"));
    String keyset = """
        {"primaryKeyId": 42, "key": [{"keyData": {"typeUrl": "type.googleapis.com/google.crypto.tink.AesSivKey",
          "value": "%s", "keyMaterialType": "SYMMETRIC"}, "status": "ENABLED", "keyId": 42, "outputPrefixType": "RAW"}]}
        """.formatted(Base64.getEncoder().encodeToString(aesSivKeyProto(KEY)));
    assertThat(DeterministicCipher.ofSecret("orders-pii-key", keyset).encrypt("a")).as("a keyset of the same raw key")
        .isEqualTo(new DeterministicCipher(KEY).encrypt("a"));
    assertThatThrownBy(() -> DeterministicCipher.ofSecret("orders-pii-key", Base64.getEncoder().encodeToString(new byte[16])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret orders-pii-key must be a Tink keyset of AES-SIV keys, or 64 random bytes in base64 "
            + "(make one with: openssl rand -base64 64), but it decodes to 16 bytes");
    assertThatThrownBy(() -> DeterministicCipher.ofSecret("orders-pii-key", "correct horse battery staple"))
        .hasMessage("secret orders-pii-key must be a Tink keyset of AES-SIV keys, or 64 random bytes in base64 "
            + "(make one with: openssl rand -base64 64), but it is neither a Tink keyset (JSON) nor base64");
    assertThatThrownBy(() -> DeterministicCipher.ofSecret("orders-pii-key", "{\"primaryKeyId\": 1}"))
        .hasMessage("secret orders-pii-key must be a Tink keyset of AES-SIV keys, or 64 random bytes in base64 "
            + "(make one with: openssl rand -base64 64), but it is not a Tink keyset of deterministic AEAD keys");
  }

  /** Tink's AesSivKey protobuf: field 1 version 0, field 2 the key bytes. */
  private static byte[] aesSivKeyProto(byte[] key) {
    byte[] proto = new byte[4 + key.length];
    proto[0] = 0x08;
    proto[1] = 0x00;
    proto[2] = 0x12;
    proto[3] = (byte) key.length;
    System.arraycopy(key, 0, proto, 4, key.length);
    return proto;
  }
}
