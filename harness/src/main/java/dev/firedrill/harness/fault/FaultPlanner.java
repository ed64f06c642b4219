package dev.firedrill.harness.fault;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.internal.YamlFields;
import dev.firedrill.harness.net.BlockMode;
import dev.firedrill.harness.topology.ComponentSpec;
import dev.firedrill.harness.topology.FailoverProfile;
import dev.firedrill.harness.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Turns a {@link Fault} into a {@link FaultPlan}: resolves its target against the stack's current components and
 * edges ({@link Targets}) and draws every random choice (which instance {@code random} hits, a failover's
 * detection delay) from the run's seeded source. Pure and backend-neutral: the same plan whichever backend
 * executes it, and the same check before anything is deployed ({@link #check(Topology, Fault)}).
 *
 * <pre>{@code
 * FaultPlan p = FaultPlanner.plan(FaultSpec.of("kill", "random", null, Map.of()).toFault(),
 *         Targets.of(Topology.defaults()), new SplittableRandom(42));
 * }</pre>
 */
public final class FaultPlanner {
    private FaultPlanner() {
    }

    /**
     * Throws a {@link FaultException} (with a suggestion where a name is close) when {@code fault} cannot hit
     * {@code topology} once deployed; draws nothing from any run's random source.
     */
    public static void check(Topology topology, Fault fault) {
        plan(topology, fault);
    }

    /** The plan of {@code fault} on {@code topology} once deployed, with a fixed random source (for checks). */
    public static FaultPlan plan(Topology topology, Fault fault) {
        return plan(fault, Targets.of(topology), new SplittableRandom(0), topology.database() == null ? null
                : topology.database().failoverProfile());
    }

    /**
     * Throws a {@link FaultException} when {@code plan} needs an action {@code backend} cannot execute, naming the
     * backend, the action and what it can do instead.
     */
    public static void requireSupported(FaultPlan plan, String backend, Set<FaultAction.Kind> supported) {
        for (FaultAction.Kind k : plan.kinds()) {
            if (!supported.contains(k)) {
                throw new FaultException(plan.fault().kind() + " on " + String.join(",", plan.targets())
                        + " needs to " + k.description() + " (action " + k.id() + "), which the '" + backend
                        + "' backend cannot do; it can: " + supported.stream().map(FaultAction.Kind::id)
                        .collect(Collectors.joining(", ")) + ". Pick a fault made of those, or run on a backend that"
                        + " has " + k.id() + " (the embedded backend has every action)");
            }
        }
    }

    /**
     * The plan of {@code fault} on {@code targets}.
     *
     * @param random the run's seeded source: the same seed gives the same choices in the same order
     * @param defaultProfile the topology's failover profile, used when the fault names none
     */
    public static FaultPlan plan(Fault fault, Targets targets, RandomGenerator random, FailoverProfile defaultProfile) {
        List<FaultAction> actions = new ArrayList<>();
        EdgeResolver edges = new EdgeResolver(targets);
        if (fault instanceof Fault.ToxicFault t) {
            List<Edge> hit = edges.edges(t.edges());
            hit.forEach(e -> actions.add(new FaultAction.AddToxic(e, t.toxic())));
            return new FaultPlan(fault, names(hit), actions);
        } else if (fault instanceof Fault.Partition p) {
            List<Edge> hit = edges.partition(p);
            BlockMode mode = p.mode() == Fault.PartitionMode.REJECT ? BlockMode.REJECT : BlockMode.BLACKHOLE;
            hit.forEach(e -> actions.add(new FaultAction.Block(e, mode)));
            return new FaultPlan(fault, names(hit), actions);
        } else if (fault instanceof Fault.InstanceFault i) {
            List<String> instances = targets.instances();
            if (instances.isEmpty()) {
                throw new FaultException("the topology has no app instances to " + i.kind());
            }
            if (i.selector() instanceof Selector.Named n) {
                n.names().forEach(name -> requireOne(name, instances, "instance"));
            } else if (i.selector() instanceof Selector.InAz z) {
                requireOne(z.az(), targets.azs(), "AZ");
            }
            List<Selector.Candidate> candidates = instances.stream().map(n -> new Selector.Candidate(n,
                    targets.component(n).map(ComponentSpec::az).orElse("?"))).toList();
            List<String> hit = i.selector().resolve(candidates, random);
            hit.forEach(n -> actions.add(new FaultAction.Signal(n, i.action())));
            return new FaultPlan(fault, hit, actions);
        } else if (fault instanceof Fault.ReplicaLag r) {
            List<String> replicas = targets.replicas();
            if (replicas.isEmpty()) {
                throw new FaultException("replica-lag needs a read replica; the topology has none (database.replicas)");
            }
            if (r.replica() != null) {
                requireOne(r.replica(), replicas, "replica");
            }
            if (r.mode() == Fault.LagMode.APPLY_DELAY && (r.delay() == null || r.delay().isNegative())) {
                throw new FaultException("replica-lag --mode delay needs --delay with a positive duration");
            }
            if (r.mode() == Fault.LagMode.THROTTLE && r.rateKbPerSecond() < 0) {
                throw new FaultException("replica-lag --mode throttle needs --rate >= 0 (KB/s)");
            }
            List<String> hit = r.replica() == null ? replicas : List.of(r.replica());
            hit.forEach(n -> actions.add(new FaultAction.Lag(n, r.mode(), r.delay(), r.rateKbPerSecond())));
            return new FaultPlan(fault, hit, actions);
        } else if (fault instanceof Fault.Failover f) {
            String primary = targets.primary().orElseThrow(() -> new FaultException(
                    "failover needs a database; the topology has none"));
            if (targets.replicas().isEmpty()) {
                throw new FaultException("failover needs a replica to promote; the topology has none (database.replicas)");
            }
            actions.add(promote(primary, targets, f.profile() != null ? f.profile() : defaultProfile, random, true));
            return new FaultPlan(fault, List.of(primary), actions);
        } else if (fault instanceof Fault.CacheOutage c) {
            String cache = cache(targets);
            if (c.mode() == Fault.CacheMode.KILL) {
                actions.add(new FaultAction.KillCache(cache));
            } else {
                appEdgesInto(targets, cache).forEach(e -> actions.add(new FaultAction.Block(e, BlockMode.BLACKHOLE)));
            }
            return new FaultPlan(fault, List.of(cache), actions);
        } else if (fault instanceof Fault.QueueOutage q) {
            if (targets.into("sqs").isEmpty()) {
                throw new FaultException("queue-outage: the topology has no queues");
            }
            List<Edge> hit = appEdgesInto(targets, "sqs");
            for (Edge e : hit) {
                actions.add(q.mode() == Fault.QueueMode.BLACKHOLE ? new FaultAction.Block(e, BlockMode.BLACKHOLE)
                        : new FaultAction.QueueErrors(e));
            }
            return new FaultPlan(fault, names(hit), actions);
        } else if (fault instanceof Fault.AzOutage a) {
            requireOne(a.az(), targets.azs(), "AZ");
            return azOutage(a, targets, edges, random, defaultProfile);
        }
        throw new FaultException("unsupported fault " + fault.kind());
    }

    /**
     * Every instance in the AZ is killed and every edge with an end in it is cut; when the primary is there and a
     * replica exists, the database fails over (the writer endpoint's edges are then the failover's to handle, not
     * blocked).
     */
    private static FaultPlan azOutage(Fault.AzOutage a, Targets targets, EdgeResolver edges, RandomGenerator random,
            FailoverProfile defaultProfile) {
        List<FaultAction> actions = new ArrayList<>();
        String az = a.az();
        boolean primaryInAz = targets.primary().flatMap(targets::component).map(c -> az.equals(c.az())).orElse(false);
        for (String i : targets.instances()) {
            if (targets.component(i).map(c -> az.equals(c.az())).orElse(false)) {
                actions.add(new FaultAction.Signal(i, Fault.InstanceAction.KILL));
            }
        }
        List<String> everything = EdgeMatcher.TIERS;
        for (Edge e : targets.edges()) {
            boolean touches = edges.matcher().matches(e, List.of(az), everything)
                    || edges.matcher().matches(e, everything, List.of(az));
            if (touches && !(primaryInAz && e.target().equals(Edge.DB_WRITER))) {
                actions.add(new FaultAction.Block(e, BlockMode.BLACKHOLE));
            }
        }
        if (primaryInAz && !targets.replicas().isEmpty()) {
            actions.add(promote(targets.primary().get(), targets, defaultProfile, random, false));
        }
        return new FaultPlan(a, List.of(az), actions);
    }

    private static FaultAction.Promote promote(String primary, Targets targets, FailoverProfile profile,
            RandomGenerator random, boolean standalone) {
        FailoverProfile p = profile != null ? profile : FailoverProfile.RDS_MULTI_AZ_INSTANCE;
        long minMs = p.min().toMillis();
        long maxMs = p.max().toMillis();
        long awsMs = minMs + (maxMs > minMs ? random.nextLong(maxMs - minMs + 1) : 0);
        return new FaultAction.Promote(primary, targets.replicas().get(0), p, awsMs, standalone);
    }

    private static String cache(Targets targets) {
        return targets.components().stream().filter(c -> c.kind() == dev.firedrill.harness.topology.ComponentKind.CACHE)
                .map(ComponentSpec::name).findFirst()
                .orElseThrow(() -> new FaultException("cache-outage: the topology has no cache"));
    }

    /** The edges into {@code target} from inside the VPC (the apps), not from the host's clients. */
    private static List<Edge> appEdgesInto(Targets targets, String target) {
        return targets.into(target).stream().filter(e -> !e.source().equals(Edge.CLIENT)).toList();
    }

    private static List<String> names(List<Edge> edges) {
        return edges.stream().map(Edge::toString).toList();
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
