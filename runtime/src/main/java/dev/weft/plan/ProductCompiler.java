package dev.weft.plan;

import dev.weft.spec.CdcInput;
import dev.weft.spec.ColumnSpec;
import dev.weft.spec.InputSpec;
import dev.weft.spec.InvalidSpecException;
import dev.weft.spec.KafkaInput;
import dev.weft.spec.ProductInput;
import dev.weft.spec.ProductSpec;
import dev.weft.spec.ScheduleSpec;
import dev.weft.spec.SpecProblem;
import dev.weft.spec.TableOutput.PartitionField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compiles a loaded spec into a {@link ProductPlan}, or refuses it with every problem found:
 * unknown upstream products, unsupported inputs, partition fields, and everything
 * {@link TransformCompiler} checks in the SQL.
 */
public final class ProductCompiler {
  private final ProductResolver resolver;

  public ProductCompiler(ProductResolver resolver) {
    this.resolver = resolver;
  }

  public ProductPlan compile(ProductSpec spec) throws InvalidSpecException {
    List<SpecProblem> problems = new ArrayList<>();
    List<InputPlan> inputs = new ArrayList<>();
    for (InputSpec input : spec.inputs()) {
      plan(spec, input, problems).ifPresent(inputs::add);
    }
    List<PartitionFieldPlan> partitions = partitions(spec, problems);
    List<RulePlan> rules = rules(spec);
    Optional<TransformCompiler.CompiledSql> sql = problems.isEmpty()
        ? new TransformCompiler(spec, inputs, problems).compile(rules)
        : Optional.empty();
    if (!problems.isEmpty() || sql.isEmpty()) {
      problems.sort(Comparator.comparingInt((SpecProblem p) -> p.position().line()).thenComparingInt(p -> p.position().column()));
      throw new InvalidSpecException(problems);
    }
    var topic = spec.outputs().topic();
    return new ProductPlan(
        spec.file(),
        spec.qualifiedName(),
        spec.metadata().version().toString(),
        ProductNames.of(spec),
        inputs,
        sql.get().transformSql(),
        sql.get().jobSql(),
        sql.get().originTraceable(),
        spec.schema().columns().stream()
            .map(c -> new PublishedColumn(c.name(), FlinkTypes.logicalType(c), c.description(), c.pii(), c.mask(), c.keySecret(),
                sql.get().lineage().getOrDefault(c.name(), List.of())))
            .toList(),
        spec.schema().primaryKey(),
        rules,
        spec.quality().onViolation(),
        new ProductPlan.TopicPlan(topic.partitions(), topic.retention(), spec.schema().upsert(), topic.format(), spec.schema().compatibility()),
        partitions,
        new MaintenancePlan(spec.outputs().table().compactEvery(), spec.outputs().table().keepSnapshots()),
        spec.schedule().mode() == ScheduleSpec.Mode.BATCH ? spec.schedule().cron() : Optional.empty(),
        spec.stateTtl());
  }

  private Optional<InputPlan> plan(ProductSpec spec, InputSpec input, List<SpecProblem> problems) {
    if (input instanceof KafkaInput kafka) {
      return Optional.of(new InputPlan.Kafka(kafka.name(), kafka.topic(), kafka.columns(), kafka.startingOffsets(), kafka.watermark(), kafka.format()));
    }
    if (input instanceof ProductInput product) {
      Optional<ProductSpec> upstream = resolver.find(product.product());
      if (upstream.isEmpty() || upstream.get().metadata().version().major() != product.product().major()) {
        problems.add(new SpecProblem(product.position(), "input '" + product.name() + "': product " + product.product()
            + " is not known; give its spec too (e.g. weft validate its-spec.yaml this-spec.yaml) or run it first"));
        return Optional.empty();
      }
      ProductSpec up = upstream.get();
      ProductNames upNames = ProductNames.of(up);
      return Optional.of(new InputPlan.Upstream(product.name(), upNames.topic(), up.schema().columns(), up.ref().toString(),
          upNames.qualifiedTable(), up.schema().primaryKey(), up.outputs().topic().format()));
    }
    CdcInput cdc = (CdcInput) input;
    if (!cdc.table().matches("[A-Za-z_][A-Za-z0-9_$]*\\.[A-Za-z_][A-Za-z0-9_$]*")) {
      problems.add(new SpecProblem(cdc.position(), "input '" + cdc.name() + "': cdc table '" + cdc.table() + "' must be written as "
          + (cdc.connector().equals("mysql") ? "database.table, e.g. shop.customers" : "schema.table, e.g. public.customers")));
      return Optional.empty();
    }
    CdcPlan capture = new CdcPlan(cdc.connector(), cdc.url(), cdc.table(), cdc.username(), cdc.password(),
        ProductNames.of(spec).replicationSlot(cdc.name()));
    return Optional.of(new InputPlan.Cdc(cdc.name(), cdc.columns(), cdc.primaryKey(), capture));
  }

  private static List<PartitionFieldPlan> partitions(ProductSpec spec, List<SpecProblem> problems) {
    Set<String> columns = spec.schema().columns().stream().map(ColumnSpec::name).collect(Collectors.toSet());
    List<PartitionFieldPlan> plans = new ArrayList<>();
    for (PartitionField field : spec.outputs().table().partitionBy()) {
      Optional<PartitionFieldPlan> plan = PartitionFields.parse(field, columns, problems);
      if (plan.isEmpty()) {
        continue;
      }
      if (spec.schema().upsert() && !spec.schema().primaryKey().contains(plan.get().column())) {
        problems.add(new SpecProblem(field.position(), "partition field '" + field.expression() + "' uses column '"
            + plan.get().column() + "', which is not in the primary key [" + String.join(", ", spec.schema().primaryKey())
            + "]: an upsert table may only be partitioned by primary-key columns, or equality deletes miss rows in other partitions"));
        continue;
      }
      plans.add(plan.get());
    }
    return plans;
  }

  /** The spec's rules, then a not-null rule for each non-nullable column. */
  private static List<RulePlan> rules(ProductSpec spec) {
    List<RulePlan> rules = new ArrayList<>();
    spec.quality().rules().forEach(r -> rules.add(new RulePlan(r.name(), r.check().sql().strip(), false)));
    spec.schema().columns().stream().filter(c -> !c.nullable()).forEach(c -> rules.add(RulePlan.notNull(c.name())));
    return rules;
  }
}
