package dev.firedrill.harness.lb.internal;

import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.lb.AlbSimulator;
import dev.firedrill.harness.topology.RoutingAlgorithm;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The listener's target groups, the registry of target ids across them, and its forward action.
 *
 * <p>A target id names one registration at a time across all groups: re-registering an id (allowed only while
 * its old registration drains) replaces the old one everywhere, as re-registering within one group always did.
 * Mutations are serialised by the caller ({@link RunningAlb}'s lock); reads and {@link #select()} are lock-free.
 */
final class TargetGroups {
    /** AWS: "You can specify up to 5 target groups" in one forward action (ELB user guide, "Listener rules"). */
    static final int MAX_GROUPS_PER_FORWARD = 5;
    static final int MAX_WEIGHT = 999;
    /** AWS target group names: up to 32 alphanumerics or hyphens, not beginning or ending with a hyphen. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?");

    private final RoutingAlgorithm algorithm;
    private final Map<String, TargetGroup> groups = new ConcurrentHashMap<>();
    private final Map<String, Target> byId = new ConcurrentHashMap<>();
    private volatile WeightedForward forward;

    TargetGroups(RoutingAlgorithm algorithm) {
        this.algorithm = algorithm;
        create(AlbSimulator.DEFAULT_TARGET_GROUP);
        this.forward = WeightedForward.of(Map.of(AlbSimulator.DEFAULT_TARGET_GROUP, 1), groups);
    }

    /** The group named {@code name}, created (with weight 0) if it does not exist yet. */
    TargetGroup create(String name) {
        TargetGroup g = groups.get(name);
        if (g != null) {
            return g;
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new TopologyException("alb.targetGroups", "target group name " + (name == null ? "null" : "'" + name + "'")
                    + " is not valid: AWS allows 1-32 letters, digits or hyphens, not beginning or ending with a"
                    + " hyphen, e.g. \"blue\" or \"app-green\"");
        }
        return groups.computeIfAbsent(name, n -> new TargetGroup(n, algorithm));
    }

    /** The current registration of {@code id} in any group, or null. */
    Target get(String id) {
        return byId.get(id);
    }

    /** Makes {@code t} the registration of its id, dropping a (draining) earlier one from whichever group held it. */
    void put(Target t) {
        Target old = byId.put(t.id, t);
        if (old != null && old.group != t.group) {
            old.group.remove(old);
        }
        t.group.put(t);
    }

    /** Removes {@code t} if it is still the registration under its id; true if it was. */
    boolean remove(Target t) {
        byId.remove(t.id, t);
        return t.group.remove(t);
    }

    /** Every current registration, by id. */
    Map<String, Target> snapshot() {
        return Map.copyOf(byId);
    }

    /** The target for the next request: a group by weight, then a target within it; null if that group has none. */
    Target select() {
        return forward.next().select();
    }

    /** Validates {@code weights} as AWS does and makes them the forward action; unnamed groups get weight 0. */
    void forward(Map<String, Integer> weights) {
        String allowed = "weights are 0-" + MAX_WEIGHT + ", at least one > 0, at most " + MAX_GROUPS_PER_FORWARD
                + " target groups, each an existing one of " + new TreeMap<>(groups).keySet();
        if (weights == null || weights.isEmpty()) {
            throw new TopologyException("alb.forward", "no target group given; " + allowed + ", e.g. {\"blue\": 90, \"green\": 10}");
        }
        if (weights.size() > MAX_GROUPS_PER_FORWARD) {
            throw new TopologyException("alb.forward", weights.size() + " target groups given " + weights.keySet()
                    + "; AWS allows at most " + MAX_GROUPS_PER_FORWARD + " in one forward action");
        }
        Map<String, Integer> sorted = new TreeMap<>();
        for (Map.Entry<String, Integer> e : weights.entrySet()) {
            if (e.getKey() == null) {
                throw new TopologyException("alb.forward", "a target group name is null; " + allowed);
            }
            sorted.put(e.getKey(), e.getValue());
        }
        boolean someTraffic = false;
        for (Map.Entry<String, Integer> e : sorted.entrySet()) {
            String path = "alb.forward." + e.getKey();
            if (!groups.containsKey(e.getKey())) {
                throw new TopologyException(path, "no target group '" + e.getKey() + "'; existing: "
                        + new TreeMap<>(groups).keySet() + "; register a target into it or createTargetGroup(\""
                        + e.getKey() + "\") first");
            }
            Integer w = e.getValue();
            if (w == null || w < 0 || w > MAX_WEIGHT) {
                throw new TopologyException(path, "weight " + w + " is outside 0-" + MAX_WEIGHT
                        + " (AWS's range for a target group in a forward action)");
            }
            someTraffic |= w > 0;
        }
        if (!someTraffic) {
            throw new TopologyException("alb.forward", "every weight is 0 in " + sorted
                    + "; give at least one target group a weight of 1-" + MAX_WEIGHT);
        }
        forward = WeightedForward.of(sorted, groups);
    }

    /** Every group's weight, 0 for groups the forward action does not name. */
    Map<String, Integer> weights() {
        Map<String, Integer> out = new TreeMap<>();
        groups.keySet().forEach(g -> out.put(g, 0));
        out.putAll(forward.weights());
        return Collections.unmodifiableMap(out);
    }

    /** Target id to group name for every current registration. */
    Map<String, String> groupsById() {
        Map<String, String> out = new TreeMap<>();
        byId.forEach((id, t) -> out.put(id, t.group.name));
        return Collections.unmodifiableMap(out);
    }
}
