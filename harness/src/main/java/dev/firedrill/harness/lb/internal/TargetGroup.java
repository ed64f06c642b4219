package dev.firedrill.harness.lb.internal;

import dev.firedrill.harness.topology.RoutingAlgorithm;
import dev.firedrill.harness.lb.TargetState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One target group's registered targets and the choice of one per request.
 *
 * <p>Eligible: healthy targets; when none is healthy, every target that is not draining (AWS:
 * "If a target group contains only unhealthy registered targets, the load balancer routes requests
 * to all those targets, regardless of their health status" — here {@code initial} targets count as
 * not healthy too, so a freshly started group serves at once). Fail-open is per target group: the listener's
 * weighted forward picks the group first ({@link WeightedForward}), then this group picks within itself.
 */
final class TargetGroup {
    final String name;
    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    private final RoutingAlgorithm algorithm;
    private final AtomicInteger turn = new AtomicInteger();
    private volatile Target[] members = new Target[0];

    TargetGroup(String name, RoutingAlgorithm algorithm) {
        this.name = name;
        this.algorithm = algorithm;
    }

    Target get(String id) {
        return targets.get(id);
    }

    /** Puts {@code t}, returning the registration it replaced, if any. */
    synchronized Target put(Target t) {
        Target old = targets.put(t.id, t);
        members = targets.values().toArray(new Target[0]);
        return old;
    }

    /** Removes {@code t} if it is still the registration under its id. */
    synchronized boolean remove(Target t) {
        boolean removed = targets.remove(t.id, t);
        members = targets.values().toArray(new Target[0]);
        return removed;
    }

    Map<String, Target> snapshot() {
        return Map.copyOf(targets);
    }

    /** The target for the next request, or null when there is none to route to. */
    Target select() {
        Target[] m = members;
        // healthy ones from the front, fail-open candidates from the back, each state read once
        Target[] eligible = new Target[m.length];
        int healthy = 0;
        int open = m.length;
        for (Target t : m) {
            TargetState s = t.state();
            if (s == TargetState.HEALTHY) {
                eligible[healthy++] = t;
            } else if (s == TargetState.INITIAL || s == TargetState.UNHEALTHY) {
                eligible[--open] = t;
            }
        }
        int from = healthy > 0 ? 0 : open;
        int n = healthy > 0 ? healthy : m.length - open;
        if (n == 0) {
            return null;
        }
        // the member order is stable between registrations, so turn-taking is fair
        int start = Math.floorMod(turn.getAndIncrement(), n);
        if (algorithm == RoutingAlgorithm.ROUND_ROBIN) {
            return eligible[from + start];
        }
        Target best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            Target t = eligible[from + (start + i) % n];
            int load = t.inFlight.get();
            if (load < bestLoad) {
                best = t;
                bestLoad = load;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return name;
    }
}
