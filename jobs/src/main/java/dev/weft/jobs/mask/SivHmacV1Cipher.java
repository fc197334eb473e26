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
 * The encrypt mask's first construction, kept only so that {@code enc:v1:} values stay readable
 * (and can be re-encrypted as {@code enc:v2:}, see {@link DeterministicCipher}): Weft's own SIV-like
 * scheme, with HMAC-SHA256 as its PRF (the tag is the first 16 bytes of HMAC-SHA256(mac key,
 * plaintext), the IV of AES-256-CTR over the plaintext), both keys derived from the one 32-byte
 * secret with HKDF-SHA256. Output: {@code enc:v1:} and the base64url (unpadded) of tag and
 * ciphertext. New values are never written with it.
 *
 * <p>Not thread-safe (it keeps its JCE instances). Public only for the mask benchmark, which
 * compares the two constructions.
 */
public final class SivHmacV1Cipher {
  static final String PREFIX = "enc:v1:";
  static final int KEY_BYTES = 32;
  private static final int TAG_BYTES = 16;
  private static final byte[] ENCRYPTION_INFO = "weft encrypt v1 aes-256-ctr".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MAC_INFO = "weft encrypt v1 hmac-sha256".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec encryptionKey;
  private final Mac mac;
  private final Cipher ctr;

  /** @param key 32 bytes, random: the platform's key, not a password */
  public SivHmacV1Cipher(byte[] key) {
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
