package dev.weft.cli;

import dev.weft.compile.ProductSet;
import dev.weft.spec.InvalidSpecException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft validate SPEC…}: loads, checks and compiles specs without running anything. */
@Command(name = "validate", description = "Check specs: YAML, fields, SQL, schema, policies; prints file:line:column: message per problem.")
final class ValidateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files or folders of *.yaml specs.")
  List<Path> specs;

  @Mixin PolicyFlags policies = new PolicyFlags();

  @Override
  public Integer call() {
    var out = command.commandLine().getOut();
    var err = command.commandLine().getErr();
    try {
      ProductSet set = ProductSet.compile(specs);
      if (policies.check(set, err) > 0) {
        return 1;
      }
      set.plans().forEach(p -> out.println("ok   " + p.product() + " " + p.version() + "  (" + p.specFile() + ")"));
      return 0;
    } catch (InvalidSpecException e) {
      e.problems().forEach(err::println);
      err.println(e.problems().size() + " problem(s) found");
      return 1;
    }
  }
}
