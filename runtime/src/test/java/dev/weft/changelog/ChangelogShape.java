package dev.weft.changelog;

import java.util.List;

/**
 * One transform under test: the product spec's parts, and the independent answer it must equal,
 * as SQL that PostgreSQL runs over the final source tables or as rows a model computes.
 *
 * @param inputs the spec's {@code inputs:} entries, as YAML
 * @param columns published columns as {@code name TYPE}, key columns first
 * @param keyColumns how many leading columns form the primary key
 * @param seedColumn the column whose value tells the seed a row belongs to
 * @param partitions of the product's topic
 * @param streaming runs while the source tables change (it reads a CDC table), not after, until idle
 */
record ChangelogShape(
    String name, String inputs, List<String> columns, int keyColumns, String transform, String seedColumn, int partitions, boolean streaming,
    Answer answer) {

  /** The rows the shape must publish, each as its column values in order. */
  interface Answer {
    List<List<Object>> rows() throws Exception;
  }

  List<String> columnNames() {
    return columns.stream().map(c -> c.split(" ")[0]).toList();
  }

  String spec() {
    StringBuilder yaml = new StringBuilder();
    yaml.append("apiVersion: weft/v1\nkind: DataProduct\n")
        .append("metadata: { name: ").append(name).append(", domain: dt, version: 1.0.0, owner: dt-team@acme.example }\n")
        .append("inputs:\n").append(inputs)
        .append("schema:\n  primaryKey: [").append(String.join(", ", columnNames().subList(0, keyColumns))).append("]\n  columns:\n");
    for (int i = 0; i < columns.size(); i++) {
      String[] parts = columns.get(i).split(" ", 2);
      yaml.append("    - { name: ").append(parts[0]).append(", type: \"").append(parts[1]).append("\"")
          .append(i < keyColumns ? ", nullable: false" : "").append(" }\n");
    }
    yaml.append("transform: |\n  ").append(transform.strip().replace("\n", "\n  ")).append("\n");
    yaml.append("outputs:\n  topic: { partitions: ").append(partitions).append(" }\n");
    return yaml.toString();
  }
}
