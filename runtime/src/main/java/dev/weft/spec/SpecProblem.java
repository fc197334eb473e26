package dev.weft.spec;

/** One thing wrong with a spec, where it is and what to do about it. */
public record SpecProblem(Position position, String message) {

  @Override
  public String toString() {
    return position + ": " + message;
  }
}
