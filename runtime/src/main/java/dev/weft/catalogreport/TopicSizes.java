package dev.weft.catalogreport;

import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;

/** How many bytes topics hold on the brokers' disks (every replica counted: that is what is stored). */
final class TopicSizes {
  private static final long TIMEOUT_SECONDS = 30;
  private final Admin admin;

  TopicSizes(Admin admin) {
    this.admin = admin;
  }

  long bytes(Set<String> topics) {
    try {
      var brokers = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream().map(Node::id).toList();
      long bytes = 0;
      for (var dirs : admin.describeLogDirs(brokers).allDescriptions().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).values()) {
        for (var dir : dirs.values()) {
          for (var replica : dir.replicaInfos().entrySet()) {
            if (topics.contains(replica.getKey().topic())) {
              bytes += replica.getValue().size();
            }
          }
        }
      }
      return bytes;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the size of topics " + topics + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the size of topics " + topics, e);
    }
  }
}
