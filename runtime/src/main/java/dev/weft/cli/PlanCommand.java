package dev.weft.cli;

import dev.weft.translate.FlinkJobBuilder;
import dev.weft.translate.JobSettings;
import dev.weft.plan.PlanJson;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.execute.ProductJobSettings;
import dev.weft.spec.InvalidSpecException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft plan SPEC}: prints what the compiler made of a spec, down to the Flink operators. */
@Command(name = "plan", description = "Print the compiled plan of a spec: inputs, SQL, rules, outputs, Flink execution plan.")
final class PlanCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(index = "0", paramLabel = "SPEC", description = "The spec to plan.")
  Path spec;

  @Option(names = "--with", paramLabel = "SPEC", description = "Specs (files or folders) of products this one reads.")
  List<Path> others = new ArrayList<>();

  @Option(names = "--json", description = "Print the plan as JSON (what a job started elsewhere needs), instead of for reading.")
  boolean json;

  @Mixin PolicyFlags policies = new PolicyFlags();

  @Override
  public Integer call() {
    List<Path> all = new ArrayList<>(others);
    all.add(spec);
    try {
      ProductSet set = ProductSet.compile(all);
      if (policies.check(set, command.commandLine().getErr()) > 0) {
        return 1;
      }
      ProductPlan plan = set.plans().stream()
          .filter(p -> Path.of(p.specFile()).toAbsolutePath().normalize().equals(spec.toAbsolutePath().normalize()))
          .findFirst().orElseThrow();
      if (json) {
        command.commandLine().getOut().println(PlanJson.write(plan));
        return 0;
      }
      new PlanPrinter(command.commandLine().getOut()).print(plan, flinkGraph(plan));
      return 0;
    } catch (InvalidSpecException e) {
      e.problems().forEach(command.commandLine().getErr()::println);
      return 1;
    }
  }

  /** The job's operators, built against placeholder endpoints that are never contacted. */
  static StreamGraph flinkGraph(ProductPlan plan) {
    JobSettings settings = ProductJobSettings.placeholders(plan);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(settings.parallelism());
    FlinkJobBuilder.build(env, plan, settings);
    return env.getStreamGraph(false);
  }
}
