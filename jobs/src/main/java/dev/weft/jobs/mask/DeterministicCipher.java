package dev.weft.jobs.mask;

import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import com.google.crypto.tink.subtle.AesSiv;
import com.google.crypto.tink.subtle.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Deterministic authenticated encryption of text, as the {@code encrypt} mask publishes it: equal
 * values under one key give equal ciphertexts, so joins, GROUP BY and upsert keys keep working on
 * encrypted columns, and every change to a ciphertext is detected when it is decrypted.
 *
 * <p>The construction is Google Tink's {@link DeterministicAead}: AES-SIV (RFC 5297, AES-CMAC-SIV
 * with a 64-byte key), a reviewed implementation rather than one of Weft's own. Output:
 * {@code enc:v2:} and the base64url (unpadded) of Tink's ciphertext (synthetic IV and ciphertext,
 * 16 bytes longer than the UTF-8 value; a Tink keyset's key id adds 5). The key in the secret is
 * one of:
 * <ul>
 *   <li>a Tink keyset in Tink's JSON format with AES-SIV keys ({@code tinkey create-keyset
 *       --key-template AES256_SIV}): keys can be rotated, each value names its key;
 *   <li>the base64 of 64 random bytes: a raw AES-SIV key ({@code openssl rand -base64 64});
 *   <li>the base64 of 32 random bytes, the key of the first construction ({@code enc:v1:},
 *       {@link SivHmacV1Cipher}): its values are still read, and new values are written as
 *       {@code enc:v2:} with an AES-SIV key derived from it by HKDF-SHA256, so existing secrets
 *       keep working.
 * </ul>
 *
 * <p>Not thread-safe (the v1 reader keeps its JCE instances): one per task or per command.
 */
public final class DeterministicCipher {
  /** Starts every value written now. */
  public static final String PREFIX = "enc:v2:";
  /** Starts the values of the first construction, read but no longer written. */
  public static final String V1_PREFIX = SivHmacV1Cipher.PREFIX;
  /** A raw AES-SIV key: two AES-256 keys (RFC 5297's K1 for S2V, K2 for CTR). */
  public static final int AES_SIV_KEY_BYTES = 64;
  /** A key of the first construction. */
  public static final int V1_KEY_BYTES = SivHmacV1Cipher.KEY_BYTES;
  /** What the values are bound to: nothing else, so that any AES-SIV implementation given the key reads them. */
  private static final byte[] NO_ASSOCIATED_DATA = new byte[0];
  private static final byte[] V2_FROM_V1_INFO = "weft encrypt v2 aes-siv from a v1 key".getBytes(StandardCharsets.US_ASCII);

  static {
    try {
      DeterministicAeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final DeterministicAead aead;
  /** Null when the key is not a v1 key: its values cannot be v1 values. */
  private final SivHmacV1Cipher v1;

  private DeterministicCipher(DeterministicAead aead, SivHmacV1Cipher v1) {
    this.aead = aead;
    this.v1 = v1;
  }

  /**
   * A cipher with a raw key: 64 bytes, an AES-SIV key; 32 bytes, a v1 key (see the class comment).
   *
   * @throws IllegalArgumentException for any other length
   */
  public DeterministicCipher(byte[] key) {
    this(aesSiv(key), key.length == V1_KEY_BYTES ? new SivHmacV1Cipher(key) : null);
  }

  private static DeterministicAead aesSiv(byte[] key) {
    try {
      if (key.length == AES_SIV_KEY_BYTES) {
        return new AesSiv(key);
      }
      if (key.length == V1_KEY_BYTES) {
        return new AesSiv(Hkdf.computeHkdf("HMACSHA256", key, new byte[0], V2_FROM_V1_INFO, AES_SIV_KEY_BYTES));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot do AES-SIV: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("an encryption key is " + AES_SIV_KEY_BYTES + " bytes (AES-SIV) or " + V1_KEY_BYTES
        + " bytes (a key of enc:v1: values), not " + key.length);
  }

  /**
   * The cipher of a secret's value: a Tink keyset (JSON), or the base64 of 64 or 32 random bytes.
   *
   * @throws IllegalArgumentException naming the secret (never quoting it) when it is not such a key
   */
  public static DeterministicCipher ofSecret(String secretName, String value) {
    String text = value.strip();
    if (text.startsWith("{")) {
      try {
        KeysetHandle keyset = TinkJsonProtoKeysetFormat.parseKeyset(text, InsecureSecretKeyAccess.get());
        return new DeterministicCipher(keyset.getPrimitive(RegistryConfiguration.get(), DeterministicAead.class), null);
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException(keyProblem(secretName, "it is not a Tink keyset of deterministic AEAD keys"));
      }
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(keyProblem(secretName, "it is neither a Tink keyset (JSON) nor base64"));
    }
    if (key.length != AES_SIV_KEY_BYTES && key.length != V1_KEY_BYTES) {
      throw new IllegalArgumentException(keyProblem(secretName, "it decodes to " + key.length + " bytes"));
    }
    return new DeterministicCipher(key);
  }

  private static String keyProblem(String secretName, String what) {
    return "secret " + secretName + " must be a Tink keyset of AES-SIV keys, or " + AES_SIV_KEY_BYTES + " random bytes in base64 "
        + "(make one with: openssl rand -base64 64), but " + what;
  }

  /** {@code enc:v2:…}; the same for the same value and key. */
  public String encrypt(String value) {
    try {
      byte[] sealed = aead.encryptDeterministically(value.getBytes(StandardCharsets.UTF_8), NO_ASSOCIATED_DATA);
      return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-SIV failed: " + e.getMessage(), e);
    }
  }

  /**
   * The value {@link #encrypt} was given, for {@code enc:v2:} and {@code enc:v1:} values.
   *
   * @throws IllegalArgumentException when the text is not an encrypted value, or does not decrypt
   *     with this key (encrypted with another key, or changed)
   */
  public String decrypt(String encrypted) {
    if (encrypted.startsWith(V1_PREFIX)) {
      if (v1 == null) {
        throw new IllegalArgumentException("an enc:v1: value needs the 32-byte key it was encrypted with; this key is an AES-SIV key");
      }
      return v1.decrypt(encrypted);
    }
    if (!encrypted.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a value of the encrypt mask: it does not start with " + PREFIX + " or " + V1_PREFIX);
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(encrypted.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a value of the encrypt mask: what follows " + PREFIX + " is not base64url");
    }
    try {
      return new String(aead.decryptDeterministically(bytes, NO_ASSOCIATED_DATA), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the value does not decrypt with this key: it was encrypted with another key, or changed");
    }
  }

  /** {@code encrypted} as a value written now: a {@code enc:v1:} value re-encrypted as {@code enc:v2:}, others as they are. */
  public String reencrypt(String encrypted) {
    return encrypted.startsWith(PREFIX) ? encrypted : encrypt(decrypt(encrypted));
  }
}
