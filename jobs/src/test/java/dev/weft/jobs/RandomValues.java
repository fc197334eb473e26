package dev.weft.jobs;

import java.util.Random;

/**
 * Values for generated test rows, with the edge cases each type has: extremes, NaN and infinities,
 * negative zero, and strings of every character JSON escapes and beyond ASCII (surrogate pairs).
 */
public final class RandomValues {
  private RandomValues() {}

  public static int anInt(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> r.nextInt(100);
      case 1 -> r.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE;
      default -> r.nextInt();
    };
  }

  public static long aLong(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> r.nextInt(1000) - 500;
      case 1 -> r.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
      default -> r.nextLong();
    };
  }

  public static float aFloat(Random r) {
    float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, 0.0f, Float.MIN_VALUE, Float.MAX_VALUE, 0.1f, 1e-7f};
    return switch (r.nextInt(4)) {
      case 0 -> special[r.nextInt(special.length)];
      case 1 -> Float.intBitsToFloat(r.nextInt());
      default -> (r.nextFloat() - 0.5f) * (float) Math.pow(10, r.nextInt(20) - 10);
    };
  }

  public static double aDouble(Random r) {
    double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE, 0.1, 1e-300};
    return switch (r.nextInt(4)) {
      case 0 -> special[r.nextInt(special.length)];
      case 1 -> Double.longBitsToDouble(r.nextLong());
      default -> (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
    };
  }

  /** Letters, digits, the characters JSON escapes (quotes, backslash, controls), and beyond ASCII. */
  public static String aString(Random r) {
    String alphabet = "aZ09 \"\\/\b\f\n\r\t\u0000\u001f\u007f\u00e9\u00df\u2028\u2029\u20ac\u4e2d\ud83d\ude00";
    StringBuilder text = new StringBuilder();
    int length = r.nextInt(4) == 0 ? 0 : r.nextInt(30);
    for (int i = 0; i < length; i++) {
      int at = r.nextInt(alphabet.length() - 1);
      if (Character.isHighSurrogate(alphabet.charAt(at))) {
        text.append(alphabet, at, at + 2);
      } else if (!Character.isLowSurrogate(alphabet.charAt(at))) {
        text.append(alphabet.charAt(at));
      }
    }
    return text.toString();
  }

  public static byte[] someBytes(Random r) {
    byte[] bytes = new byte[r.nextInt(40)];
    r.nextBytes(bytes);
    return bytes;
  }
}
