package dev.weft.cli;

import dev.weft.jobs.mask.DeterministicCipher;
import dev.weft.jobs.mask.SecretLookup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft pii decrypt|encrypt|reencrypt --key-secret NAME VALUE…}: reads values of
 * {@code encrypt} masked columns back, for those who hold the key, with the cipher the jobs publish
 * them with, and turns values of the first construction ({@code enc:v1:}) into current ones.
 */
@Command(name = "pii", description = "Decrypt values of columns masked with encrypt, or encrypt a value to look it up, with the key in a secret.",
    subcommands = {PiiCommand.Decrypt.class, PiiCommand.Encrypt.class, PiiCommand.Reencrypt.class, PiiReencryptTableCommand.class})
final class PiiCommand {

  @Command(name = "decrypt", description = "Print the plain value of each enc:v2: (or older enc:v1:) value, one per line.")
  static final class Decrypt extends Values {
    Decrypt() {
      super(DeterministicCipher::decrypt);
    }
  }

  @Command(name = "encrypt", description = "Print each value as a column masked with encrypt publishes it (to find rows by a plain value).")
  static final class Encrypt extends Values {
    Encrypt() {
      super(DeterministicCipher::encrypt);
    }
  }

  @Command(name = "reencrypt", description = "Print each enc:v1: value re-encrypted as enc:v2: (AES-SIV), one per line; enc:v2: values "
      + "are printed as they are.")
  static final class Reencrypt extends Values {
    Reencrypt() {
      super(DeterministicCipher::reencrypt);
    }
  }

  /** One value in, one line out, in order; a value that cannot be read is reported on stderr and the exit code is 1. */
  abstract static class Values implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--key-secret", required = true, paramLabel = "NAME",
        description = "The secret that holds the key, as the column's key: \"${secret:NAME}\" names it; read from WEFT_SECRET_<NAME> or --secrets-dir.")
    String keySecret;

    @Option(names = "--secrets-dir", paramLabel = "DIR", description = "Folder of secret files, read where WEFT_SECRET_<NAME> is not set.")
    Path secretsDir;

    @Parameters(arity = "0..*", paramLabel = "VALUE", description = "Values; without any, one per line from stdin.")
    List<String> values = new ArrayList<>();

    private final BiFunction<DeterministicCipher, String, String> operation;

    Values(BiFunction<DeterministicCipher, String, String> operation) {
      this.operation = operation;
    }

    @Override
    public Integer call() throws IOException {
      DeterministicCipher cipher = SecretLookup.of(Optional.ofNullable(secretsDir)).cipher(keySecret);
      PrintWriter out = command.commandLine().getOut();
      PrintWriter err = command.commandLine().getErr();
      int failed = 0;
      for (String value : values.isEmpty() ? stdin() : values) {
        try {
          out.println(operation.apply(cipher, value));
        } catch (IllegalArgumentException e) {
          err.println("'" + value + "': " + e.getMessage());
          failed++;
        }
      }
      out.flush();
      return failed == 0 ? 0 : 1;
    }

    private static List<String> stdin() throws IOException {
      return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList();
    }
  }
}
