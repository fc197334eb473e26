package dev.weft.benchmarks;

import dev.weft.jobs.mask.DeterministicCipher;
import dev.weft.jobs.mask.SivHmacV1Cipher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * What the encrypt mask costs per value (Tink's AES-SIV, enc:v2:, and the first construction,
 * enc:v1:, it replaced), against the sha256 mask's work (hex SHA-256, as Flink's
 * SHA2 computes it) in the same process: a loop over e-mail-sized values, best of {@code rounds}
 * after a warm-up round. Single thread: one task does this per record.
 */
public final class MaskBenchmark {
  private MaskBenchmark() {}

  public static void main(String[] args) throws Exception {
    int values = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    String[] emails = new String[values];
    for (int i = 0; i < values; i++) {
      emails[i] = "person" + i + "@example.com";
    }
    byte[] key = new byte[DeterministicCipher.AES_SIV_KEY_BYTES];
    new SecureRandom().nextBytes(key);
    DeterministicCipher cipher = new DeterministicCipher(key);
    byte[] v1Key = new byte[DeterministicCipher.V1_KEY_BYTES];
    new SecureRandom().nextBytes(v1Key);
    SivHmacV1Cipher v1 = new SivHmacV1Cipher(v1Key);
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    UnaryOperator<String> hash = v -> HexFormat.of().formatHex(sha256.digest(v.getBytes(StandardCharsets.UTF_8)));
    String[] encrypted = new String[values];
    String[] encryptedV1 = new String[values];
    for (int i = 0; i < values; i++) {
      encrypted[i] = cipher.encrypt(emails[i]);
      encryptedV1[i] = v1.encrypt(emails[i]);
    }

    double sha = best(rounds, emails, hash);
    double enc = best(rounds, emails, cipher::encrypt);
    double dec = best(rounds, encrypted, cipher::decrypt);
    double encV1 = best(rounds, emails, v1::encrypt);
    double decV1 = best(rounds, encryptedV1, v1::decrypt);
    System.out.printf(Locale.ROOT, "%d values of ~%d bytes, best of %d rounds%n", values, emails[values / 2].length(), rounds);
    System.out.printf(Locale.ROOT, "sha256 mask (baseline)  %7.0f ns/value%n", sha);
    System.out.printf(Locale.ROOT, "encrypt mask (v2, Tink AES-SIV)      %7.0f ns/value  (%.2fx the baseline, %.2fx v1)%n",
        enc, enc / sha, enc / encV1);
    System.out.printf(Locale.ROOT, "decrypt (v2, weft pii)               %7.0f ns/value  (%.2fx v1)%n", dec, dec / decV1);
    System.out.printf(Locale.ROOT, "encrypt mask (v1, HMAC-SIV, before)  %7.0f ns/value  (%.2fx the baseline)%n", encV1, encV1 / sha);
    System.out.printf(Locale.ROOT, "decrypt (v1)                         %7.0f ns/value%n", decV1);
  }

  /** Nanoseconds per value of the fastest round, after one unmeasured round. */
  private static double best(int rounds, String[] values, UnaryOperator<String> mask) {
    long best = Long.MAX_VALUE;
    long sink = 0;
    for (int round = 0; round <= rounds; round++) {
      long start = System.nanoTime();
      for (String value : values) {
        sink += mask.apply(value).length();
      }
      long took = System.nanoTime() - start;
      if (round > 0) {
        best = Math.min(best, took);
      }
    }
    if (sink == 42) {
      System.out.println(); // uses the results, so the JIT cannot drop the work
    }
    return (double) best / values.length;
  }
}
