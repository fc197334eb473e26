package dev.weft.spec;

import java.util.List;

/** Domains allowed to read the product's topic and table. */
public record AccessSpec(List<String> readers) {
  public AccessSpec {
    readers = List.copyOf(readers);
  }

  public static AccessSpec ownerOnly() {
    return new AccessSpec(List.of());
  }
}
