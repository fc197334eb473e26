package dev.weft.jobs.mask;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deterministic authenticated encryption of text, as the {@code encrypt} mask publishes it: equal
 * values under one key give equal ciphertexts, so joins, GROUP BY and upsert keys keep working on
 * encrypted columns, and every change to a ciphertext is detected when it is decrypted.
 *
 * <p>The construction is SIV (RFC 5297's synthetic IV) with HMAC-SHA256 as its PRF: the tag is
 * the first 16 bytes of HMAC-SHA256(mac key, plaintext); it is the IV of AES-256-CTR over the
 * plaintext under the encryption key, and decrypting recomputes it over the result. Both keys are
 * derived from the one 32-byte secret with HKDF-SHA256. Not AES-GCM with a synthetic nonce: the
 * JDK refuses to encrypt twice with one GCM key and nonce ("Cannot reuse iv for GCM encryption"),
 * which is exactly what deterministic encryption does. Output: {@code enc:v1:} and the base64url
 * (unpadded) of tag and ciphertext, 16 bytes longer than the UTF-8 value before base64.
 *
 * <p>Not thread-safe (it keeps its JCE instances): one per task or per command.
 */
public final class DeterministicCipher {
  /** Starts every encrypted value; a new construction would be {@code enc:v2:}. */
  public static final String PREFIX = "enc:v1:";
  public static final int KEY_BYTES = 32;
  private static final int TAG_BYTES = 16;
  private static final byte[] ENCRYPTION_INFO = "weft encrypt v1 aes-256-ctr".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MAC_INFO = "weft encrypt v1 hmac-sha256".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec encryptionKey;
  private final Mac mac;
  private final Cipher ctr;

  /** @param key 32 bytes, random: the platform's key, not a password */
  public DeterministicCipher(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("an encryption key is " + KEY_BYTES + " bytes, not " + key.length);
    }
    try {
      byte[] prk = hmac(new byte[32], key);
      encryptionKey = new SecretKeySpec(expand(prk, ENCRYPTION_INFO), "AES");
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(expand(prk, MAC_INFO), "HmacSHA256"));
      ctr = Cipher.getInstance("AES/CTR/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot do AES-256-CTR and HMAC-SHA256: " + e.getMessage(), e);
    }
  }

  /**
   * The cipher of a secret's value: the base64 of 32 random bytes ({@code openssl rand -base64 32}).
   *
   * @throws IllegalArgumentException naming the secret (never quoting it) when it is not such a key
   */
  public static DeterministicCipher ofSecret(String secretName, String value) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(value.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(keyProblem(secretName, "it is not base64"));
    }
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(keyProblem(secretName, "it decodes to " + key.length + " bytes"));
    }
    return new DeterministicCipher(key);
  }

  private static String keyProblem(String secretName, String what) {
    return "secret " + secretName + " must be " + KEY_BYTES + " random bytes in base64 (make one with: openssl rand -base64 32), but " + what;
  }

  /** {@code enc:v1:…}; the same for the same value and key. */
  public String encrypt(String value) {
    byte[] plain = value.getBytes(StandardCharsets.UTF_8);
    byte[] tag = Arrays.copyOf(mac.doFinal(plain), TAG_BYTES);
    byte[] out = Arrays.copyOf(tag, TAG_BYTES + plain.length);
    try {
      ctr.init(Cipher.ENCRYPT_MODE, encryptionKey, new IvParameterSpec(tag));
      ctr.doFinal(plain, 0, plain.length, out, TAG_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-CTR failed: " + e.getMessage(), e);
    }
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }

  /**
   * The value {@link #encrypt} was given.
   *
   * @throws IllegalArgumentException when the text is not an encrypted value, or does not decrypt
   *     with this key (encrypted with another key, or changed)
   */
  public String decrypt(String encrypted) {
    if (!encrypted.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a value of the encrypt mask: it does not start with " + PREFIX);
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(encrypted.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a value of the encrypt mask: what follows " + PREFIX + " is not base64url");
    }
    if (bytes.length < TAG_BYTES) {
      throw new IllegalArgumentException("not a value of the encrypt mask: " + bytes.length + " bytes, shorter than its "
          + TAG_BYTES + "-byte tag");
    }
    byte[] tag = Arrays.copyOf(bytes, TAG_BYTES);
    byte[] plain;
    try {
      ctr.init(Cipher.DECRYPT_MODE, encryptionKey, new IvParameterSpec(tag));
      plain = ctr.doFinal(bytes, TAG_BYTES, bytes.length - TAG_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-CTR failed: " + e.getMessage(), e);
    }
    if (!MessageDigest.isEqual(tag, Arrays.copyOf(mac.doFinal(plain), TAG_BYTES))) {
      throw new IllegalArgumentException("the value does not decrypt with this key: it was encrypted with another key, or changed");
    }
    return new String(plain, StandardCharsets.UTF_8);
  }

  private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
    Mac hmac = Mac.getInstance("HmacSHA256");
    hmac.init(new SecretKeySpec(key, "HmacSHA256"));
    return hmac.doFinal(data);
  }

  /** HKDF-SHA256's expand step for one 32-byte block (RFC 5869: T(1) = HMAC(PRK, info | 0x01)). */
  private static byte[] expand(byte[] prk, byte[] info) throws GeneralSecurityException {
    byte[] input = Arrays.copyOf(info, info.length + 1);
    input[info.length] = 1;
    return hmac(prk, input);
  }
}
