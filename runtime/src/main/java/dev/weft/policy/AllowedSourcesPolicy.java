package dev.weft.policy;

import dev.weft.plan.ProductNames;
import dev.weft.spec.CdcInput;
import dev.weft.spec.InputSpec;
import dev.weft.spec.KafkaInput;
import dev.weft.spec.ProductSpec;
import dev.weft.spec.SpecPositions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Sources no product may read: CDC from given databases (by URL as written, so a reference such as
 * {@code ${env:HR_DB_URL}} can be named) or tables, and given Kafka topics.
 */
public record AllowedSourcesPolicy(
    String name, Severity severity, List<Pattern> denyCdcUrls, List<Pattern> denyCdcTables, List<Pattern> denyTopics)
    implements Policy {

  @Override
  public List<PolicyViolation> check(ProductSpec spec, ProductNames names, SpecPositions positions) {
    List<PolicyViolation> violations = new ArrayList<>();
    for (InputSpec input : spec.inputs()) {
      if (input instanceof CdcInput cdc) {
        denyCdcUrls.stream().filter(p -> p.matcher(cdc.url()).matches()).findFirst().ifPresent(p -> violations.add(violation(
            input.position(), "input '" + input.name() + "' captures changes from " + cdc.url() + ", which matches " + p
                + " that no product may read by CDC; read a product of the owning domain instead")));
        denyCdcTables.stream().filter(p -> p.matcher(cdc.table()).matches()).findFirst().ifPresent(p -> violations.add(violation(
            input.position(), "input '" + input.name() + "' captures table " + cdc.table() + ", which matches " + p
                + " that no product may read by CDC; read a product of the owning domain instead")));
      } else if (input instanceof KafkaInput kafka) {
        denyTopics.stream().filter(p -> p.matcher(kafka.topic()).matches()).findFirst().ifPresent(p -> violations.add(violation(
            input.position(), "input '" + input.name() + "' reads topic " + kafka.topic() + ", which matches " + p
                + " that no product may read; read a product of the owning domain instead")));
      }
    }
    return violations;
  }
}
