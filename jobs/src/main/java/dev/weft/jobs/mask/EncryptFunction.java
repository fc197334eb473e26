package dev.weft.jobs.mask;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * The {@code encrypt} mask in a product's SQL: {@code weft_encrypt(value, 'secret-name')}. Holds
 * only the names of the secrets and where to find them; each task reads the keys when it opens,
 * so no key is in the job graph. NULL stays NULL.
 */
public final class EncryptFunction extends ScalarFunction {
  private static final long serialVersionUID = 1L;
  /** The name the function is registered under in a product's SQL. */
  public static final String NAME = "weft_encrypt";

  private final List<String> secrets;
  private final SecretLookup lookup;
  private transient Map<String, DeterministicCipher> ciphers;

  /** @param secrets the names of the keys the product's SQL encrypts with */
  public EncryptFunction(List<String> secrets, SecretLookup lookup) {
    this.secrets = List.copyOf(secrets);
    this.lookup = lookup;
  }

  @Override
  public void open(FunctionContext context) {
    ciphers = new HashMap<>();
    for (String secret : secrets) {
      ciphers.put(secret, lookup.cipher(secret));
    }
  }

  public String eval(String value, String secret) {
    if (value == null) {
      return null;
    }
    DeterministicCipher cipher = ciphers.get(secret);
    if (cipher == null) {
      throw new IllegalArgumentException("no key " + secret + " was given to " + NAME + "; it has " + String.join(", ", secrets));
    }
    return cipher.encrypt(value);
  }

  /** The planner would otherwise encrypt literals while planning, where no key is (or should be) read. */
  @Override
  public boolean supportsConstantFolding() {
    return false;
  }
}
