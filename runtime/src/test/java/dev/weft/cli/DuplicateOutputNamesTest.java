package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.WeftCommandLine;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** weft validate refuses two specs that publish to one topic or one table, where the later one names it. */
class DuplicateOutputNamesTest {
  private static String spec(String name, String outputs) {
    return """
        apiVersion: weft/v1
        kind: DataProduct
        metadata: { name: %s, domain: web, version: 1.0.0, owner: web@acme.example }
        inputs:
          - name: clicks
            kafka: { topic: web.clicks, columns: [ { name: url, type: STRING } ] }
        schema:
          columns: [ { name: url, type: STRING } ]
        outputs:
        %s""".formatted(name, outputs);
  }

  private final WeftCommandLine cli = new WeftCommandLine();

  @Test
  void twoSpecsPublishingToOneTopicOrTableAreRefused(@TempDir Path folder) throws Exception {
    Files.writeString(folder.resolve("a-clicks.yaml"), spec("clicks", "  topic: { partitions: 1 }\n"));
    Files.writeString(folder.resolve("b-copy.yaml"), spec("clicks-copy",
        "  topic: { name: web.clicks.v1 }\n  table: { name: web.clicks_v1 }\n"));
    // a topic named like another product's dead letters would mix its records into them
    Files.writeString(folder.resolve("c-dead.yaml"), spec("dead", "  topic: { name: web.clicks.v1.dlq }\n"));
    assertThat(cli.run("validate", folder.toString())).isEqualTo(1);
    String a = folder.resolve("a-clicks.yaml").toString();
    String b = folder.resolve("b-copy.yaml").toString();
    String c = folder.resolve("c-dead.yaml").toString();
    assertThat(cli.err()).isEqualTo(b + ":10:12: product web.clicks-copy@1 publishes its topic to web.clicks.v1, which is the topic of "
        + "product web.clicks@1 (" + a + ":3:13); give one of them another outputs.topic.name\n"
        + b + ":11:12: product web.clicks-copy@1 publishes its table to web.clicks_v1, which is the table of product web.clicks@1 ("
        + a + ":3:13); give one of them another outputs.table.name\n"
        + c + ":10:12: product web.dead@1 publishes its topic to web.clicks.v1.dlq, which is the dead-letter topic of product "
        + "web.clicks@1 (" + a + ":3:13); give one of them another outputs.topic.name\n"
        + "3 problem(s) found\n");
  }
}
