package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.Specs;
import dev.weft.testing.WeftCommandLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code weft redrive}'s refusals that need no service: a bad --since, a product it cannot re-drive. */
class RedriveCommandTest {
  private final WeftCommandLine weft = new WeftCommandLine();

  @Test
  void aSinceThatIsNoPointInTimeIsAUsageError() throws Exception {
    Path spec = write("it/redrive-bulk.yaml", Map.of("VERSION", "1.1.0", "LIMIT", "150"));
    assertThat(weft.run("redrive", spec.toString(), "--since", "yesterday")).isEqualTo(2);
    assertThat(weft.err()).startsWith("Invalid value for option '--since': 'yesterday' is neither a date like 2026-11-01, an instant "
        + "like 2026-11-01T03:00:00Z nor a duration back from now like 2h or 7d");
  }

  @Test
  void anUpsertProductIsRefusedBeforeAnythingStarts() throws Exception {
    Path spec = write("it/customer-tiers.yaml", Map.of());
    assertThat(weft.run("redrive", spec.toString())).isEqualTo(2);
    assertThat(weft.err()).isEqualTo("cannot re-drive: product customers.customer-tiers is an upsert product (schema.primaryKey): a "
        + "re-driven letter would publish an old row of its key over newer ones; re-drive works for append products\n");
  }

  private static Path write(String resource, Map<String, String> replacements) throws Exception {
    Path spec = Files.createTempDirectory("weft-redrive-cli-").resolve(Path.of(resource).getFileName());
    Files.writeString(spec, Specs.text(resource, replacements));
    return spec;
  }
}
