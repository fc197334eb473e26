package dev.weft.policy;

import dev.weft.spec.Position;

/** One place where a spec breaks a policy, and what to change. */
public record PolicyViolation(String policy, Severity severity, Position position, String message) {

  /** {@code file:line:column: error: policy <name>: message}, one line. */
  @Override
  public String toString() {
    return position + ": " + severity.specValue() + ": policy " + policy + ": " + message;
  }
}
