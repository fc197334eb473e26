package dev.weft.access;

import dev.weft.plan.ProductNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Applies products' ACLs to a Kafka cluster through the Admin API: adds those missing, leaves those
 * present (so applying twice adds nothing), and finds the stale ones: allow ACLs on a product's own
 * topic, dead-letter topic and transactional ids that its spec no longer calls for, such as a
 * reader dropped from {@code access.readers}. Stale ACLs are removed only when asked. A domain's
 * consumer group prefix is shared by every product it reads, so it is never stale for one product.
 */
public final class KafkaAclApplier {
  /** What applying one product's ACLs found and did. */
  public record Outcome(String product, List<KafkaAcl> added, List<KafkaAcl> present, List<KafkaAcl> stale, boolean staleRemoved) {
    public Outcome {
      added = List.copyOf(added);
      present = List.copyOf(present);
      stale = List.copyOf(stale);
    }
  }

  private final Admin admin;
  private final String cluster;

  /** @param cluster how messages name the cluster, e.g. its bootstrap servers */
  public KafkaAclApplier(Admin admin, String cluster) {
    this.admin = admin;
    this.cluster = cluster;
  }

  /** Whether the cluster checks ACLs: a broker without an authorizer refuses every ACL request with SecurityDisabledException. */
  public boolean hasAuthorizer() {
    try {
      admin.describeAcls(filter(new ResourcePattern(ResourceType.CLUSTER, KafkaAcl.CLUSTER, PatternType.LITERAL))).values().get();
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SecurityDisabledException) {
        return false;
      }
      throw failure("read the ACLs", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the ACLs of " + cluster, e);
    }
  }

  /** The resources a product's ACLs are the only ones to govern. */
  public static List<ResourcePattern> ownResources(ProductNames names) {
    return List.of(
        new ResourcePattern(ResourceType.TOPIC, names.topic(), PatternType.LITERAL),
        new ResourcePattern(ResourceType.TOPIC, names.deadLetterTopic(), PatternType.LITERAL),
        new ResourcePattern(ResourceType.TRANSACTIONAL_ID, names.transactionalIds(), PatternType.PREFIXED),
        // the prefix without its separator that earlier versions granted (it also covered …v10): stale now
        new ResourcePattern(ResourceType.TRANSACTIONAL_ID, names.transactionalIdPrefix(), PatternType.PREFIXED));
  }

  /**
   * Adds the wanted ACLs that are missing; with {@code removeStale}, removes the stale ones.
   *
   * @param own the product's own resources ({@link #ownResources}): allow ACLs there that are not wanted are stale
   * @throws IllegalStateException when the cluster refuses (the client may not manage ACLs) or cannot be reached
   */
  public Outcome apply(String product, List<KafkaAcl> wanted, Collection<ResourcePattern> own, boolean removeStale) {
    Set<KafkaAcl> existing = new LinkedHashSet<>();
    for (String principal : wanted.stream().map(KafkaAcl::principal).distinct().toList()) {
      existing.addAll(describe(new AclBindingFilter(ResourcePatternFilter.ANY,
          new AccessControlEntryFilter(principal, null, AclOperation.ANY, AclPermissionType.ANY))));
    }
    List<KafkaAcl> stale = new ArrayList<>();
    for (ResourcePattern resource : own) {
      describe(filter(resource)).stream().filter(acl -> !wanted.contains(acl) && !stale.contains(acl)).forEach(stale::add);
    }
    // the broker returns them in no particular order
    stale.sort(Comparator.comparing(KafkaAcl::principal).thenComparing(KafkaAcl::resourceType).thenComparing(KafkaAcl::resource)
        .thenComparing(KafkaAcl::operation));
    List<KafkaAcl> added = wanted.stream().filter(acl -> !existing.contains(acl)).toList();
    List<KafkaAcl> present = wanted.stream().filter(existing::contains).toList();
    if (!added.isEmpty()) {
      await(admin.createAcls(added.stream().map(KafkaAcl::binding).toList()).all(), "add ACLs");
    }
    if (removeStale && !stale.isEmpty()) {
      await(admin.deleteAcls(stale.stream().map(acl -> acl.binding().toFilter()).toList()).all(), "remove ACLs");
    }
    return new Outcome(product, added, present, stale, removeStale && !stale.isEmpty());
  }

  private static AclBindingFilter filter(ResourcePattern resource) {
    return new AclBindingFilter(resource.toFilter(), AccessControlEntryFilter.ANY);
  }

  /** The allow-from-any-host ACLs that match; others (deny rules, host rules) are not Weft's. */
  private List<KafkaAcl> describe(AclBindingFilter filter) {
    Collection<AclBinding> bindings = await(admin.describeAcls(filter).values(), "read the ACLs");
    return bindings.stream().filter(KafkaAcl::isOurKind).map(KafkaAcl::of).toList();
  }

  private <T> T await(KafkaFuture<T> future, String what) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw failure(what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trying to " + what + " of " + cluster, e);
    }
  }

  private IllegalStateException failure(String what, ExecutionException e) {
    Throwable cause = e.getCause();
    String message = "cannot " + what + " on the Kafka cluster at " + cluster + ": ";
    if (cause instanceof ClusterAuthorizationException) {
      // the broker's own message names its request internals, not the user
      return new IllegalStateException(message + "the client's principal is not authorized (ClusterAuthorizationException); "
          + "sign in as a principal allowed to DESCRIBE and ALTER the cluster (a super user)", cause);
    }
    return new IllegalStateException(message + cause.getMessage(), cause);
  }
}
