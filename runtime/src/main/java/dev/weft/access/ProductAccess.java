package dev.weft.access;

import dev.weft.plan.ProductNames;
import dev.weft.plan.ProductSet;
import dev.weft.spec.ColumnSpec;
import dev.weft.spec.ProductSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may do what with one product, from its spec: its own domain owns it, the domains in
 * {@code access.readers} read it, nobody else sees it. Each domain is one principal, named after
 * the domain ({@code User:marketing} in Kafka, user {@code marketing} in Trino); the runtime
 * publishes as {@link #RUNTIME_PRINCIPAL}.
 *
 * @param piiColumns published columns marked {@code pii: true}: only the owner reads their values
 */
public record ProductAccess(String product, String owner, List<String> readers, ProductNames names, List<String> piiColumns) {
  /** The principal Weft's jobs write topics as. */
  public static final String RUNTIME_PRINCIPAL = "weft";

  public ProductAccess {
    readers = List.copyOf(readers);
    piiColumns = List.copyOf(piiColumns);
  }

  public static ProductAccess of(ProductSpec spec, ProductNames names) {
    Set<String> readers = new LinkedHashSet<>(spec.access().readers());
    readers.remove(spec.metadata().domain());
    List<String> pii = new ArrayList<>();
    for (ColumnSpec column : spec.schema().columns()) {
      if (column.pii()) {
        pii.add(column.name());
      }
    }
    return new ProductAccess(spec.qualifiedName(), spec.metadata().domain(), List.copyOf(readers), names, pii);
  }

  /** The access of every product in the set. */
  public static List<ProductAccess> of(ProductSet set) {
    return set.plans().stream().map(p -> of(set.spec(p), p.names())).toList();
  }
}
