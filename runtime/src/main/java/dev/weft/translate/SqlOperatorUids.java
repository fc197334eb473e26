package dev.weft.translate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.transformations.PhysicalTransformation;
import org.apache.flink.streaming.api.transformations.TwoInputTransformation;

/**
 * Gives the operators Flink's planner made for a product's SQL a uid that survives compatible spec
 * edits, so that a restored checkpoint finds their state again.
 *
 * <p>Flink 1.20 sets no uid on them (its {@code table.exec.uid.generation} defaults to compiled plans
 * only), so their operator ids hash the job's topology and change with any edit. With
 * {@code table.exec.uid.generation: ALWAYS} the uid is {@code <id>_<transformation>}, where
 * {@code <id>} counts every plan node the JVM has created before (the planner never resets the
 * counter): the same spec gets other uids in another process, or after planning another product.
 * Compiled plans (COMPILE PLAN) fix the ids, but only for INSERT INTO a table sink, and an edited
 * query needs a new plan anyway. So the uid here is made from what decides the operator's state:
 * its kind and its planner description (keys, join condition, aggregate calls), the row types in and
 * out, its state key type and whether state expires (Flink 1.20 cannot restore state written
 * without TTL into TTL state, nor the reverse). An edit that leaves all of these alone (a filter
 * or projection before or after the operator, a changed quality rule, a changed stateTtl length)
 * keeps the uid; one that changes what the operator keeps gets a new uid, which the restore check
 * ({@code dev.weft.execute.CheckpointCompatibility}) then reports before anything runs.
 */
public final class SqlOperatorUids {
  /** The segment that marks uids made here: {@code <product uid prefix>/sql/<kind>-<hash>}. */
  public static final String SEGMENT = "/sql/";
  // the planner's own numbers in names ("Join[5]") and descriptions ("[5]:Join(…)"), and its anonymous tables' counter
  private static final Pattern NODE_NUMBER = Pattern.compile("\\[\\d+]$");
  private static final Pattern DESCRIPTION_NUMBER = Pattern.compile("^\\[\\d+]:");
  private static final Pattern ANONYMOUS_TABLE = Pattern.compile("(anonymous_datastream_source)\\$\\d+");

  private SqlOperatorUids() {}

  /**
   * Sets a uid on every operator of the environment that has none (which are the planner's) and
   * returns those that keep keyed state, in the order their uids were given.
   *
   * @param uids the product's operator uids
   * @param stateExpires whether the SQL part runs with a state TTL
   */
  public static List<StatefulOperator> assign(StreamExecutionEnvironment env, OperatorUids uids, boolean stateExpires) {
    List<Transformation<?>> ordered = new ArrayList<>();
    Set<Transformation<?>> seen = new HashSet<>();
    for (Transformation<?> sink : env.getTransformations()) {
      visit(sink, seen, ordered);
    }
    Map<String, Integer> occurrences = new HashMap<>();
    List<StatefulOperator> stateful = new ArrayList<>();
    for (Transformation<?> t : ordered) {
      if (!(t instanceof PhysicalTransformation<?>) || t.getUid() != null) {
        continue;
      }
      String kind = ANONYMOUS_TABLE.matcher(NODE_NUMBER.matcher(t.getName()).replaceAll("")).replaceAll("$1")
          .replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
      String identity = identity(t, kind, stateExpires);
      int seenBefore = occurrences.merge(identity, 1, Integer::sum) - 1;
      // two operators alike in every respect (a self-join's two inputs) are told apart by their order
      String uid = uids.sqlOperator(kind, hash(identity), seenBefore);
      t.setUid(uid);
      if (keyed(t)) {
        stateful.add(new StatefulOperator(kind, description(t), uid));
      }
    }
    return stateful;
  }

  /** Whether {@code uid} is one that {@link #assign} made. */
  public static boolean isSqlOperator(String uid) {
    return uid != null && uid.contains(SEGMENT);
  }

  /** Inputs before the operators that read them, each once: the planner's order, whatever the edit. */
  private static void visit(Transformation<?> t, Set<Transformation<?>> seen, List<Transformation<?>> ordered) {
    if (!seen.add(t)) {
      return;
    }
    for (Transformation<?> input : t.getInputs()) {
      visit(input, seen, ordered);
    }
    ordered.add(t);
  }

  private static String identity(Transformation<?> t, String kind, boolean stateExpires) {
    StringBuilder identity = new StringBuilder(kind).append('\n').append(description(t)).append('\n');
    for (Transformation<?> input : t.getInputs()) {
      identity.append("in ").append(type(input.getOutputType())).append('\n');
    }
    identity.append("out ").append(type(t.getOutputType())).append('\n');
    if (t instanceof OneInputTransformation<?, ?> one && one.getStateKeyType() != null) {
      identity.append("key ").append(type(one.getStateKeyType())).append('\n');
    }
    if (t instanceof TwoInputTransformation<?, ?, ?> two && two.getStateKeyType() != null) {
      identity.append("key ").append(type(two.getStateKeyType())).append('\n');
    }
    return identity.append("ttl ").append(stateExpires).toString();
  }

  private static String description(Transformation<?> t) {
    String description = t.getDescription() == null ? t.getName() : t.getDescription();
    return ANONYMOUS_TABLE.matcher(DESCRIPTION_NUMBER.matcher(description).replaceFirst("")).replaceAll("$1");
  }

  private static boolean keyed(Transformation<?> t) {
    return t instanceof OneInputTransformation<?, ?> one && one.getStateKeySelector() != null
        || t instanceof TwoInputTransformation<?, ?, ?> two && two.getStateKeySelector1() != null;
  }

  private static String type(TypeInformation<?> type) {
    return String.valueOf(type);
  }

  private static String hash(String identity) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /**
   * An operator of the SQL part that keeps keyed state.
   *
   * @param kind what the planner calls it: GroupAggregate, Join, ChangelogNormalize …
   * @param description the planner's description: its keys, condition, aggregate calls
   */
  public record StatefulOperator(String kind, String description, String uid) {}
}
