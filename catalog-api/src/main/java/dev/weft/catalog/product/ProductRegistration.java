package dev.weft.catalog.product;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/**
 * What the runtime sends when a product version is submitted ({@code weft run}/{@code deploy}): the
 * spec text and everything the catalog shows about the product. Secrets never get here: the runtime
 * sends the spec as written, with {@code ${env:…}} and {@code ${secret:…}} unresolved.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ProductRegistration(
    String domain,
    String name,
    String version,
    String owner,
    String description,
    List<String> tags,
    String costCenter,
    String specYaml,
    PublishedSchema schema,
    Sla sla,
    Quality quality,
    Outputs outputs,
    Access access,
    List<Input> inputs,
    List<ColumnLineage> columnLineage) {

  public ProductRegistration {
    tags = listed(tags);
    inputs = listed(inputs);
    columnLineage = listed(columnLineage);
    description = description == null ? "" : description;
  }

  /**
   * An unmodifiable copy that keeps null elements ({@code "tags": [null]}), so that validation can
   * name them instead of the constructor failing.
   */
  static <T> List<T> listed(List<T> list) {
    return list == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(list));
  }

  /** {@code domain.name}: how products refer to each other. */
  public String qualifiedName() {
    return domain + "." + name;
  }

  /**
   * @param compatibility which changes later versions of the same major may make ({@code backward},
   *     {@code forward}, {@code full}, {@code none}); null is the default, backward
   */
  public record PublishedSchema(List<String> primaryKey, List<Column> columns, String compatibility) {
    public PublishedSchema {
      primaryKey = listed(primaryKey);
      columns = listed(columns);
    }

    public PublishedSchema(List<String> primaryKey, List<Column> columns) {
      this(primaryKey, columns, null);
    }
  }

  /** @param nullable null when not known (registrations made before the catalog recorded it): taken as nullable */
  public record Column(String name, String type, String description, boolean pii, String mask, Boolean nullable) {
    public Column(String name, String type, String description, boolean pii, String mask) {
      this(name, type, description, pii, mask, null);
    }

    public boolean mayBeNull() {
      return nullable == null || nullable;
    }
  }

  /** Durations as the spec writes them ({@code 60s}, {@code 5m}); availability as text ({@code 99.9%}). */
  public record Sla(String freshness, String availability) {}

  public record Quality(BigDecimal minValidRatio) {}

  public record Outputs(String topic, String table, String deadLetterTopic) {}

  public record Access(List<String> readers) {
    public Access {
      readers = listed(readers);
    }
  }

  /** kind {@code kafka}: source is a topic; {@code cdc}: a table; {@code product}: {@code domain.name[@major]}. */
  public record Input(String name, String kind, String source) {}

  /** Which input columns one published column is computed from. */
  public record ColumnLineage(String column, List<ColumnSource> from) {
    public ColumnLineage {
      from = listed(from);
    }
  }

  public record ColumnSource(String input, String column) {}
}
