package dev.weft.execute;

import dev.weft.jobs.lease.WriterLeaseTable;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per product major, anywhere: a start takes the product's lease in the Iceberg catalog's
 * database (every writer of its table reaches it) and is refused while another live holder has it.
 * A holder that is gone is taken over at once, without a cleanup: a process on this host when its
 * pid is gone, a cluster job when its cluster says it no longer runs, any other holder when it has
 * not renewed its lease for {@code weft.lease.expiry}. Held leases are renewed every quarter of that
 * and given up when their job ends.
 */
public final class WriterLeases implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WriterLeases.class);
  /** Every lease any runner of this JVM holds, by run id: the holders that a pid cannot tell apart. */
  private static final Map<String, WriterLease> HELD_IN_THIS_JVM = new ConcurrentHashMap<>();

  /** How long a start waits for a job of this process that is ending (cancelled, stopping) before it counts as running. */
  private static final Duration ENDING_GRACE = Duration.ofSeconds(10);

  private final IcebergCatalogSettings catalog;
  private final Duration expiry;
  private final Map<String, WriterLease> held = new ConcurrentHashMap<>();
  private final ClusterJobs clusterJobs = new ClusterJobs();
  private ScheduledExecutorService heartbeats;

  public WriterLeases(IcebergCatalogSettings catalog, Duration expiry) {
    this.catalog = catalog;
    this.expiry = expiry;
  }

  /**
   * Takes the lease of {@code product} ({@code domain.name@major}) for {@code holder}, before
   * anything of the product is started. Call {@link WriterLease#watch} once its job is submitted,
   * and {@link #release} when it could not be.
   *
   * @throws ProductAlreadyRunningException while another holder runs it
   */
  public synchronized WriterLease acquire(String product, LeaseHolder holder) {
    try (Connection connection = connect()) {
      WriterLeaseTable.create(connection);
      // a holder taken over between our read and our write makes the write miss: read again
      for (int attempt = 0; attempt < 5; attempt++) {
        Optional<StoredLease> current = read(connection, product);
        boolean taken = current.isEmpty()
            ? insert(connection, product, holder)
            : (sameJob(current.get().holder(), holder) || !alive(current.get()))
                && takeOver(connection, product, current.get().holder().runId(), holder);
        if (taken) {
          current.ifPresent(gone -> LOG.info(sameJob(gone.holder(), holder) ? "Product {}: took its lease again for {}, whose JobManager started anew"
              : "Product {}: took over the lease of {}, which no longer runs", product, gone.holder().describe()));
          WriterLease lease = new WriterLease(product, holder);
          held.put(holder.runId(), lease);
          HELD_IN_THIS_JVM.put(holder.runId(), lease);
          startHeartbeats();
          return lease;
        }
        if (current.isPresent() && !sameJob(current.get().holder(), holder) && alive(current.get())) {
          throw new ProductAlreadyRunningException(product, current.get().holder());
        }
      }
      throw new IllegalStateException("product " + product + ": could not take its writer lease in " + catalog.jdbcUrl()
          + ": other starts of it keep taking it; start it once");
    } catch (SQLException e) {
      throw new IllegalStateException("product " + product + ": could not read its writer lease in " + catalog.jdbcUrl() + ": " + e.getMessage(), e);
    }
  }

  /** Gives the lease up: its job has ended, was stopped or never started. */
  public void release(WriterLease lease) {
    held.remove(lease.holder().runId());
    HELD_IN_THIS_JVM.remove(lease.holder().runId());
    try (Connection connection = connect()) {
      WriterLeaseTable.release(connection, lease.product(), lease.holder().runId());
    } catch (SQLException e) {
      // nothing lost: the holder is gone or ended, which the next start sees
      LOG.warn("Product {}: could not give up its writer lease: {}", lease.product(), e.getMessage());
    }
  }

  /**
   * Leaves a cluster job's lease with the job when this process ends ({@code weft deploy}, which
   * does not stay to watch): neither renewed nor given up from here on. The job keeps the product
   * while its cluster says it runs.
   */
  public void handOver(WriterLease lease) {
    if (lease.holder().restUrl().isEmpty()) {
      throw new IllegalArgumentException("product " + lease.product() + ": only a cluster job's lease can outlive the process that took it");
    }
    held.remove(lease.holder().runId());
    HELD_IN_THIS_JVM.remove(lease.holder().runId());
  }

  /** Renews the leases whose jobs run and gives up those whose jobs ended. */
  void renew() {
    for (WriterLease lease : held.values()) {
      if (!lease.running()) {
        release(lease);
        continue;
      }
      try (Connection connection = connect()) {
        if (!WriterLeaseTable.heartbeat(connection, lease.product(), lease.holder().runId())) {
          LOG.error("Product {}: its writer lease was taken over (it was not renewed within {}); another writer may run it now",
              lease.product(), expiry);
        }
      } catch (SQLException e) {
        LOG.warn("Product {}: could not renew its writer lease: {}", lease.product(), e.getMessage());
      }
    }
  }

  private synchronized void startHeartbeats() {
    if (heartbeats == null) {
      heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "weft-writer-leases");
        thread.setDaemon(true);
        return thread;
      });
      long every = Math.max(1, expiry.toMillis() / 4);
      heartbeats.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Whether both are the same job of the same cluster: a product's job whose JobManager failed over
   * (Kubernetes HA) takes its lease again with the job id that HA keeps.
   */
  private static boolean sameJob(LeaseHolder stored, LeaseHolder starting) {
    return stored.restUrl().isPresent() && stored.restUrl().equals(starting.restUrl()) && stored.job().equals(starting.job());
  }

  /** Whether the holder of a stored lease still runs its product. */
  private boolean alive(StoredLease stored) {
    LeaseHolder holder = stored.holder();
    if (holder.inThisProcess()) {
      // a job just cancelled is still CANCELLING for a moment: a start right after a stop waits for it to end
      WriterLease lease = HELD_IN_THIS_JVM.get(holder.runId());
      return lease != null && !lease.endsWithin(ENDING_GRACE);
    }
    if (holder.onThisHost()) {
      return holder.processAlive();
    }
    if (holder.restUrl().isPresent()) {
      // a cluster that does not answer may still run the job: only its own word, or silence beyond the expiry, ends it
      Optional<Boolean> running = clusterJobs.running(holder.restUrl().get(), holder.job());
      if (running.isPresent()) {
        return running.get();
      }
    }
    return stored.sinceHeartbeat().compareTo(expiry) < 0;
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(catalog.jdbcUrl(), catalog.user(), catalog.password());
  }

  private static Optional<StoredLease> read(Connection connection, String product) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT run_id, host, pid, process_start, job_id, rest_url, heartbeat_at, "
        + "LOCALTIMESTAMP AS now FROM " + WriterLeaseTable.NAME + " WHERE product = ?")) {
      select.setString(1, product);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        LeaseHolder holder = new LeaseHolder(row.getString("run_id"), row.getString("host"), optionalLong(row, "pid"),
            optionalLong(row, "process_start"), JobID.fromHexString(row.getString("job_id")),
            Optional.ofNullable(row.getString("rest_url")).map(URI::create));
        Timestamp heartbeat = row.getTimestamp("heartbeat_at");
        Timestamp now = row.getTimestamp("now");
        return Optional.of(new StoredLease(holder, Duration.ofMillis(now.getTime() - heartbeat.getTime())));
      }
    }
  }

  private static boolean insert(Connection connection, String product, LeaseHolder holder) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + WriterLeaseTable.NAME
        + " (host, pid, process_start, job_id, rest_url, run_id, product, acquired_at, heartbeat_at) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, LOCALTIMESTAMP, LOCALTIMESTAMP)")) {
      bind(insert, holder);
      insert.setString(7, product);
      return insert.executeUpdate() == 1;
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        return false; // another start inserted it first
      }
      throw e;
    }
  }

  private static boolean takeOver(Connection connection, String product, String goneRunId, LeaseHolder holder) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE " + WriterLeaseTable.NAME
        + " SET host = ?, pid = ?, process_start = ?, job_id = ?, rest_url = ?, run_id = ?, acquired_at = LOCALTIMESTAMP, "
        + "heartbeat_at = LOCALTIMESTAMP WHERE product = ? AND run_id = ?")) {
      bind(update, holder);
      update.setString(7, product);
      update.setString(8, goneRunId);
      return update.executeUpdate() == 1;
    }
  }

  private static void bind(PreparedStatement statement, LeaseHolder holder) throws SQLException {
    statement.setString(1, holder.host());
    statement.setObject(2, holder.pid().isPresent() ? holder.pid().getAsLong() : null, java.sql.Types.BIGINT);
    statement.setObject(3, holder.processStart().isPresent() ? holder.processStart().getAsLong() : null, java.sql.Types.BIGINT);
    statement.setString(4, holder.job().toHexString());
    statement.setString(5, holder.restUrl().map(URI::toString).orElse(null));
    statement.setString(6, holder.runId());
  }

  private static OptionalLong optionalLong(ResultSet row, String column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
  }

  /** Gives up every lease this runner holds: its products stop with it. */
  @Override
  public void close() {
    synchronized (this) {
      if (heartbeats != null) {
        heartbeats.shutdownNow();
      }
    }
    held.values().forEach(this::release);
  }

  /** A lease as the database holds it, with how long ago its holder last renewed it (by the database's clock). */
  private record StoredLease(LeaseHolder holder, Duration sinceHeartbeat) {}
}
