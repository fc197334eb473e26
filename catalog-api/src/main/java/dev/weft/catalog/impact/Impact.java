package dev.weft.catalog.impact;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a proposed version of a product would touch, and which of it the change breaks: the answer of
 * {@code POST /api/v1/products/{domain}/{name}/impact}, which {@code weft impact} prints and the
 * product page shows. {@link ImpactAssessment} makes it; every {@code breaks} is one line per reason,
 * empty when the change does not break that reader.
 *
 * @param against the registered version of the same major it is compared with; null when the catalog
 *     holds none (a new product or a new major: nobody reads its topic and table yet)
 * @param changes every change to an existing column and to the primary key, one line each
 * @param added the columns it adds
 * @param refused the changes the catalog would refuse in the schema's own compatibility mode
 * @param consumerGroupsFrom {@code request} when the caller gave the groups, {@code catalog} for
 *     those the runtime last reported
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Impact(String product, String version, String against, String topic, String table, List<String> changes,
    List<String> added, List<String> refused, List<DownstreamProduct> downstream, String consumerGroupsFrom,
    List<ConsumerGroup> consumerGroups, List<TrinoReader> trinoReaders, boolean breaking) {

  public Impact {
    changes = List.copyOf(changes);
    added = List.copyOf(added);
    refused = List.copyOf(refused);
    downstream = List.copyOf(downstream);
    consumerGroups = List.copyOf(consumerGroups);
    trinoReaders = List.copyOf(trinoReaders);
    breaking = Stream.of(downstream.stream().map(DownstreamProduct::breaking), consumerGroups.stream().map(ConsumerGroup::breaking),
        trinoReaders.stream().map(TrinoReader::breaking)).flatMap(s -> s).anyMatch(b -> b);
  }

  /** How many readers it breaks. */
  public long brokenReaders() {
    return Stream.of(downstream.stream().map(DownstreamProduct::breaking), consumerGroups.stream().map(ConsumerGroup::breaking),
        trinoReaders.stream().map(TrinoReader::breaking)).flatMap(s -> s).filter(b -> b).count();
  }

  /**
   * A product whose inputs read this major.
   *
   * @param product {@code domain.name}
   * @param reads the columns it reads, from its column lineage; null when the catalog holds no column
   *     lineage for it (then it may read any column)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DownstreamProduct(String product, String version, List<ColumnRead> reads, List<String> breaks, boolean breaking) {
    public DownstreamProduct {
      reads = reads == null ? null : List.copyOf(reads);
      breaks = List.copyOf(breaks);
      breaking = !breaks.isEmpty();
    }
  }

  /** One column of this product a downstream product reads, and its own columns computed from it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ColumnRead(String column, List<String> into, boolean breaking) {
    public ColumnRead {
      into = List.copyOf(into);
    }
  }

  /**
   * A consumer group with offsets on the product's topic.
   *
   * @param domain the domain its name's prefix names (the ACLs give each domain's groups
   *     {@code <domain>.…}; a product's job: {@code weft.<domain>.<name>.v<major>}); null without one
   * @param downstreamProduct {@code domain.name@major} when it is the job of a downstream product, whose
   *     columns the lineage tells; null for a group that reads whole records
   * @param members active members when last seen; null when not known
   * @param state the group's state as Kafka names it ({@code Stable}, {@code Empty}); null when not known
   * @param lastActiveAt the last report that saw it with an active member; null when none did or it was not asked
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ConsumerGroup(String group, String domain, String downstreamProduct, long lag, Integer members, String state,
      String lastActiveAt, List<String> breaks, boolean breaking) {
    public ConsumerGroup {
      breaks = List.copyOf(breaks);
      breaking = !breaks.isEmpty();
    }

    /** Its members and state in words: {@code 2 active member(s) (Stable)}, {@code no active member (Empty)}. */
    public String activity() {
      return (members != null && members > 0 ? members + " active member(s)" : "no active member") + (state == null ? "" : " (" + state + ")");
    }
  }

  /**
   * A domain the access rules let read the product's table through Trino (pii columns masked).
   *
   * @param access {@code reads} (named before and now), {@code added} (from this version on),
   *     {@code removed} (no longer named)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TrinoReader(String domain, String access, List<String> breaks, boolean breaking) {
    public TrinoReader {
      breaks = List.copyOf(breaks);
      breaking = !breaks.isEmpty();
    }
  }
}
