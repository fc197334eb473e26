package dev.weft.plan;

import dev.weft.spec.ProductSpec;

/**
 * The names a product is published under, derived from its domain, name and major version unless
 * the spec gives them: topic {@code <domain>.<name>.v<major>}, dead-letter topic
 * {@code <topic>.dlq}, Iceberg table {@code <domain>.<name_with_underscores>_v<major>}.
 */
public record ProductNames(
    String product, String topic, String deadLetterTopic, String tableNamespace, String table,
    String transactionalIdPrefix, String consumerGroup) {

  public static ProductNames of(ProductSpec spec) {
    String domain = spec.metadata().domain();
    String name = spec.metadata().name();
    int major = spec.metadata().version().major();
    String topic = spec.outputs().topic().name().orElse(domain + "." + name + ".v" + major);
    String tableRef = spec.outputs().table().name().orElse(domain + "." + sqlName(name) + "_v" + major);
    int dot = tableRef.lastIndexOf('.');
    String namespace = dot < 0 ? sqlName(domain) : tableRef.substring(0, dot);
    String table = dot < 0 ? tableRef : tableRef.substring(dot + 1);
    String qualified = domain + "." + name + ".v" + major;
    return new ProductNames(domain + "." + name, topic, topic + ".dlq", namespace, table, "weft-" + qualified, "weft." + qualified);
  }

  /**
   * What every transactional id of the product's sinks starts with: the prefix and the separator
   * the sinks add their suffix after, so that an ACL on the ids of {@code …v1} does not also
   * cover those of {@code …v10}.
   */
  public String transactionalIds() {
    return transactionalIdPrefix + TRANSACTIONAL_ID_SEPARATOR;
  }

  /** What separates the product's transactional id prefix from what each sink adds. */
  public static final String TRANSACTIONAL_ID_SEPARATOR = "-";

  /** Kebab-case to an identifier SQL engines accept unquoted. */
  static String sqlName(String kebab) {
    return kebab.replace('-', '_');
  }

  /**
   * The PostgreSQL replication slot (and publication) of one CDC input of this product:
   * {@code weft_<domain>_<name>_v<major>_<input>}, in the characters and length PostgreSQL allows.
   */
  public String replicationSlot(String input) {
    String slot = ("weft_" + consumerGroup.substring("weft.".length()) + "_" + input).toLowerCase(java.util.Locale.ROOT)
        .replaceAll("[^a-z0-9_]", "_");
    return slot.length() <= MAX_SLOT_NAME ? slot : slot.substring(0, MAX_SLOT_NAME - 9) + "_" + Integer.toHexString(slot.hashCode());
  }

  /** PostgreSQL's NAMEDATALEN - 1 (63), less room for the suffixes Flink CDC and snapshot-only reads add. */
  private static final int MAX_SLOT_NAME = 54;

  public String qualifiedTable() {
    return tableNamespace + "." + table;
  }
}
