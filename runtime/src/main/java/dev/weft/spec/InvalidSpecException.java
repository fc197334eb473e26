package dev.weft.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A spec that cannot run, with every problem found in it, one per line. */
public class InvalidSpecException extends Exception {
  private final List<SpecProblem> problems;

  public InvalidSpecException(List<SpecProblem> problems) {
    super(problems.stream().map(SpecProblem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<SpecProblem> problems() {
    return problems;
  }
}
