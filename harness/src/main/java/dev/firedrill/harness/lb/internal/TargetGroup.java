package dev.firedrill.harness.lb.internal;

import dev.firedrill.harness.topology.RoutingAlgorithm;
import dev.firedrill.harness.lb.TargetState;
import java.util.ArrayList;
import java.util.List;
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

    TargetGroup(String name, RoutingAlgorithm algorithm) {
        this.name = name;
        this.algorithm = algorithm;
    }

    Target get(String id) {
        return targets.get(id);
    }

    /** Puts {@code t}, returning the registration it replaced, if any. */
    Target put(Target t) {
        return targets.put(t.id, t);
    }

    /** Removes {@code t} if it is still the registration under its id. */
    boolean remove(Target t) {
        return targets.remove(t.id, t);
    }

    Map<String, Target> snapshot() {
        return Map.copyOf(targets);
    }

    /** The target for the next request, or null when there is none to route to. */
    Target select() {
        List<Target> healthy = new ArrayList<>(4);
        List<Target> open = new ArrayList<>(4);
        for (Target t : targets.values()) {
            TargetState s = t.state();
            if (s == TargetState.HEALTHY) {
                healthy.add(t);
            } else if (s == TargetState.INITIAL || s == TargetState.UNHEALTHY) {
                open.add(t);
            }
        }
        List<Target> eligible = healthy.isEmpty() ? open : healthy;
        if (eligible.isEmpty()) {
            return null;
        }
        // ConcurrentHashMap iteration order is stable for a stable key set, so turn-taking is fair.
        int start = Math.floorMod(turn.getAndIncrement(), eligible.size());
        if (algorithm == RoutingAlgorithm.ROUND_ROBIN) {
            return eligible.get(start);
        }
        Target best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (int i = 0; i < eligible.size(); i++) {
            Target t = eligible.get((start + i) % eligible.size());
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
