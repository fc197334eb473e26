package dev.weft.execute;

import dev.weft.plan.ProductPlan;
import dev.weft.jobs.sink.UpsertMaterializer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.state.CompletedCheckpointStorageLocation;
import org.apache.flink.runtime.state.filesystem.AbstractFsCheckpointStorageAccess;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before a product's job is submitted, that the checkpoint it restores has no state the
 * job would drop: state of an operator that the edited spec no longer has, or has with another
 * identity (a changed grouping key, join, aggregate call, stateTtl switched on or off, other input
 * columns kept in state). Flink would refuse such a restore only once the job runs, in a restart
 * loop; here it is refused with the operators named and what to do instead, or, when the operator
 * asked for it ({@link WeftOptions#DROP_INCOMPATIBLE_STATE}), allowed with that state dropped.
 *
 * <p>A checkpoint holds operator ids only (hashes of the uids), so each run records the uid,
 * name and description of its operators next to its checkpoints ({@value #OPERATORS_FILE}); a later
 * run names the dropped operators from it.
 */
public final class CheckpointCompatibility {
  /** Per run, next to its {@code chk-<n>} folders: operator id (hex) → uid and description. */
  public static final String OPERATORS_FILE = "weft-operators.properties";
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointCompatibility.class);

  private CheckpointCompatibility() {}

  /**
   * Checks the checkpoint the job restores (if any), then records the job's operators for later runs.
   *
   * @param graph the stream graph {@code job} was made from
   * @param productCheckpoints the folder under which each run of the product keeps {@code <job id>/chk-<n>}
   * @throws IllegalStateException naming the product, the operators whose state would be dropped, and what to do
   */
  public static void check(ProductPlan plan, StreamGraph graph, JobGraph job, Path productCheckpoints, Configuration options) {
    SavepointRestoreSettings restore = job.getSavepointRestoreSettings();
    if (restore.restoreSavepoint()) {
      check(plan, job, restore.getRestorePath(), options);
    }
    // only for a job that will be submitted: a refused start leaves nothing behind
    record(graph, productCheckpoints.resolve(job.getJobID().toString()));
  }

  private static void check(ProductPlan plan, JobGraph job, String checkpoint, Configuration options) {
    List<String> rebuilt = new ArrayList<>();
    List<String> dropped = dropped(checkpoint, operatorIds(job), rebuilt);
    if (dropped.isEmpty()) {
      if (!rebuilt.isEmpty()) {
        LOG.info("Product {} restores checkpoint {}; its upsert changelog step starts empty, as its rows changed: {}",
            plan.product(), checkpoint, String.join(", ", rebuilt));
        job.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(checkpoint, true));
      }
      return;
    }
    String listed = "  - " + String.join("\n  - ", dropped);
    if (options.get(WeftOptions.DROP_INCOMPATIBLE_STATE)) {
      LOG.warn("Product {} restores checkpoint {} without the state of {} operator(s) its edited spec no longer has "
          + "(they start empty, {}):\n{}", plan.product(), checkpoint, dropped.size(), WeftOptions.DROP_INCOMPATIBLE_STATE.key(), listed);
      job.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(checkpoint, true));
      return;
    }
    throw new IllegalStateException("Refusing to start product " + plan.product() + ": its spec changed in a way that drops the state of "
        + dropped.size() + " stateful operator(s) kept in checkpoint " + checkpoint + ":\n" + listed + "\n"
        + "The edited job has no operator that can take that state over (the edit changed a grouping key, a join, an aggregate "
        + "call, the columns an operator keeps, removed an input, or switched stateTtl on or off), and results computed without it would be wrong. "
        + "Either publish the edit as a new major version (metadata.version " + nextMajor(plan) + ": a new topic and "
        + "table, computed from the start of the inputs), or start with --drop-incompatible-state ("
        + WeftOptions.DROP_INCOMPATIBLE_STATE.key() + "): the checkpoint is still restored (input positions, pending commits, "
        + "the state of unchanged operators) and the operators listed start empty.");
  }

  /** Ids of every operator of the job, as Flink matches checkpointed state to them. */
  private static Set<OperatorID> operatorIds(JobGraph job) {
    Set<OperatorID> ids = new HashSet<>();
    for (JobVertex vertex : job.getVertices()) {
      for (OperatorIDPair pair : vertex.getOperatorIDs()) {
        ids.add(pair.getGeneratedOperatorID());
        pair.getUserDefinedOperatorID().ifPresent(ids::add);
      }
    }
    return ids;
  }

  /**
   * The operators of the checkpoint with state (or coordinator state) the job has no operator for,
   * described; those whose state may start empty (the upsert changelog step's) go to {@code rebuilt}.
   */
  private static List<String> dropped(String checkpoint, Set<OperatorID> jobOperators, List<String> rebuilt) {
    CheckpointMetadata metadata = load(checkpoint);
    Properties names = recorded(checkpoint);
    List<String> dropped = new ArrayList<>();
    for (OperatorState state : metadata.getOperatorStates()) {
      if (jobOperators.contains(state.getOperatorID()) || !holdsState(state)) {
        continue;
      }
      String id = state.getOperatorID().toHexString();
      if (UpsertMaterializer.isUid(names.getProperty(id + ".uid"))) {
        rebuilt.add(names.getProperty(id + ".uid"));
        continue;
      }
      dropped.add(Optional.ofNullable(names.getProperty(id + ".description"))
          .map(description -> description + " (uid " + names.getProperty(id + ".uid") + ")")
          .orElse("operator " + id + " (not recorded: the run that wrote the checkpoint predates this Weft version)"));
    }
    return dropped;
  }

  /** The same test as Flink's restore: empty operators are skipped there too. */
  private static boolean holdsState(OperatorState state) {
    return state.getCoordinatorState() != null || state.getStates().stream().anyMatch(OperatorSubtaskState::hasState);
  }

  private static CheckpointMetadata load(String checkpoint) {
    try {
      CompletedCheckpointStorageLocation location = AbstractFsCheckpointStorageAccess.resolveCheckpointPointer(checkpoint);
      try (InputStream in = location.getMetadataHandle().openInputStream()) {
        return Checkpoints.loadCheckpointMetadata(new DataInputStream(in), CheckpointCompatibility.class.getClassLoader(), checkpoint);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the metadata of checkpoint " + checkpoint, e);
    }
  }

  /** What the run that wrote {@code checkpoint} recorded of its operators (nothing for older runs, or a copied checkpoint). */
  private static Properties recorded(String checkpoint) {
    Properties names = new Properties();
    try {
      org.apache.flink.core.fs.Path file = new org.apache.flink.core.fs.Path(
          AbstractFsCheckpointStorageAccess.resolveCheckpointPointer(checkpoint).getExclusiveCheckpointDir().getParent(), OPERATORS_FILE);
      FileSystem fs = file.getFileSystem();
      if (fs.exists(file)) {
        try (InputStream in = fs.open(file)) {
          names.load(in);
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot read the operators recorded next to checkpoint {}; they are named by id only: {}", checkpoint, e.toString());
    }
    return names;
  }

  private static void record(StreamGraph graph, Path runCheckpoints) {
    Properties names = new Properties();
    Map<Integer, byte[]> hashes = new StreamGraphHasherV2().traverseStreamGraphAndGenerateHashes(graph);
    for (StreamNode node : graph.getStreamNodes()) {
      String id = HexFormat.of().formatHex(hashes.get(node.getId()));
      names.setProperty(id + ".uid", String.valueOf(node.getTransformationUID()));
      String description = node.getOperatorDescription() == null ? node.getOperatorName() : node.getOperatorDescription();
      names.setProperty(id + ".description", description.replaceFirst("^\\[\\d+]:", ""));
    }
    try {
      Files.createDirectories(runCheckpoints);
      try (OutputStream out = Files.newOutputStream(runCheckpoints.resolve(OPERATORS_FILE))) {
        names.store(out, "the operators of this run's checkpoints, for the restore check of later runs");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the operators of the job in " + runCheckpoints, e);
    }
  }

  private static String nextMajor(ProductPlan plan) {
    return (plan.ref().major() + 1) + ".0.0";
  }
}
