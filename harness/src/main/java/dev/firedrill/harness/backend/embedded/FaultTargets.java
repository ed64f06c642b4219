package dev.firedrill.harness.backend.embedded;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.fault.Selector;
import dev.firedrill.harness.internal.YamlFields;
import dev.firedrill.harness.topology.ComponentKind;
import dev.firedrill.harness.topology.ComponentSpec;
import dev.firedrill.harness.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Checks a fault's target against a topology without deploying it: a pure function of the topology
 * and the fault, so a scenario file's mistakes are reported before anything starts. The embedded
 * deployment resolves targets with the same rules ({@link EdgeResolver}) once it runs.
 *
 * <pre>{@code
 * FaultTargets.check(Topology.defaults(), FaultSpec.of("latency", "app->db-writer", null, Map.of("latency", "300ms")).toFault());
 * }</pre>
 */
public final class FaultTargets {
    private FaultTargets() {
    }

    /** Throws a {@link FaultException} (with a suggestion where one is close) when {@code fault} cannot hit {@code t}. */
    public static void check(Topology t, Fault fault) {
        Map<String, ComponentSpec> specs = new LinkedHashMap<>();
        t.components().forEach(c -> specs.put(c.name(), c));
        List<String> instances = names(t, ComponentKind.APP_INSTANCE);
        List<String> replicas = names(t, ComponentKind.DB_REPLICA);
        List<String> primaries = names(t, ComponentKind.DB_PRIMARY);
        if (fault instanceof Fault.ToxicFault f) {
            resolver(t, specs).edgeLinks(f.edges());
        } else if (fault instanceof Fault.Partition p) {
            resolver(t, specs).partitionLinks(p);
        } else if (fault instanceof Fault.InstanceFault i) {
            if (instances.isEmpty()) {
                throw new FaultException("the topology has no app instances to " + i.kind());
            }
            if (i.selector() instanceof Selector.Named n) {
                for (String name : n.names()) {
                    requireOne(name, instances, "instance");
                }
            } else if (i.selector() instanceof Selector.InAz z) {
                requireOne(z.az(), t.vpc().azs(), "AZ");
            }
            List<Selector.Candidate> candidates = instances.stream()
                    .map(n -> new Selector.Candidate(n, specs.get(n).az())).toList();
            i.selector().resolve(candidates, new SplittableRandom(0));
        } else if (fault instanceof Fault.ReplicaLag r) {
            if (replicas.isEmpty()) {
                throw new FaultException("replica-lag needs a read replica; the topology has none (database.replicas)");
            }
            if (r.replica() != null) {
                requireOne(r.replica(), replicas, "replica");
            }
        } else if (fault instanceof Fault.Failover) {
            if (primaries.isEmpty()) {
                throw new FaultException("failover needs a database; the topology has none");
            }
            if (replicas.isEmpty()) {
                throw new FaultException("failover needs a replica to promote; the topology has none (database.replicas)");
            }
        } else if (fault instanceof Fault.CacheOutage) {
            if (t.cache() == null) {
                throw new FaultException("cache-outage: the topology has no cache");
            }
        } else if (fault instanceof Fault.QueueOutage) {
            if (t.queues().isEmpty()) {
                throw new FaultException("queue-outage: the topology has no queues");
            }
        } else if (fault instanceof Fault.AzOutage a) {
            requireOne(a.az(), t.vpc().azs(), "AZ");
        }
    }

    /** The link names a deployment of {@code t} has once it is up ({@code source_target}). */
    public static List<String> linkNames(Topology t) {
        List<String> out = new ArrayList<>();
        String client = EmbeddedDeployment.CLIENT;
        if (!t.queues().isEmpty()) {
            out.add(EmbeddedDeployment.linkName(client, "sqs"));
        }
        List<String> primaries = names(t, ComponentKind.DB_PRIMARY);
        if (!primaries.isEmpty()) {
            for (String r : names(t, ComponentKind.DB_REPLICA)) {
                out.add(EmbeddedDeployment.linkName(r, primaries.get(0)));
            }
            out.add(EmbeddedDeployment.linkName(client, "db-writer"));
            out.add(EmbeddedDeployment.linkName(client, "db-reader"));
        }
        if (t.cache() != null) {
            out.add(EmbeddedDeployment.linkName(client, t.cache().name()));
        }
        List<String> instances = names(t, ComponentKind.APP_INSTANCE);
        for (String i : instances) {
            if (!primaries.isEmpty()) {
                out.add(EmbeddedDeployment.linkName(i, "db-writer"));
                out.add(EmbeddedDeployment.linkName(i, "db-reader"));
            }
            if (t.cache() != null) {
                out.add(EmbeddedDeployment.linkName(i, t.cache().name()));
            }
            if (!t.queues().isEmpty()) {
                out.add(EmbeddedDeployment.linkName(i, "sqs"));
            }
        }
        if (t.loadBalancer() != null) {
            instances.forEach(i -> out.add(EmbeddedDeployment.linkName(t.loadBalancer().name(), i)));
        }
        return out;
    }

    private static EdgeResolver resolver(Topology t, Map<String, ComponentSpec> specs) {
        List<String> primaries = names(t, ComponentKind.DB_PRIMARY);
        return new EdgeResolver(new EdgeMatcher(specs, primaries.isEmpty() ? null : primaries.get(0),
                names(t, ComponentKind.DB_REPLICA)), linkNames(t));
    }

    private static List<String> names(Topology t, ComponentKind kind) {
        return t.components().stream().filter(c -> c.kind() == kind).map(ComponentSpec::name).toList();
    }

    private static void requireOne(String name, List<String> known, String what) {
        if (known.contains(name)) {
            return;
        }
        String hint = YamlFields.closest(name, Set.copyOf(known));
        throw new FaultException("unknown " + what + " '" + name + "'" + (hint != null ? "; did you mean '" + hint
                + "'?" : "") + " " + (what.equals("AZ") ? "AZs" : what + "s") + ": " + String.join(", ", known));
    }
}
