package dev.weft.jobs.quality;

/**
 * A record on its way to the dead-letter topic, already in its published form: the key names the
 * record's origin, the value is the JSON document described in docs/dead-letters.md.
 */
public class DeadLetter {
  public byte[] key;
  public byte[] value;

  public DeadLetter() {}

  public DeadLetter(byte[] key, byte[] value) {
    this.key = key;
    this.value = value;
  }
}
