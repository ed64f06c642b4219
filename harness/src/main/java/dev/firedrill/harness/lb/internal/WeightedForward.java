package dev.firedrill.harness.lb.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One forward action: target groups with weights, as AWS's listener "forward" with several target groups.
 *
 * <p>The group for each request comes from a fixed schedule, not a random draw: the smooth weighted round-robin
 * sequence (nginx's), one turn per unit of weight. Over every {@code sum(weights)} consecutive requests each group
 * gets exactly its weight, spread out (90/10 sends every tenth or so to the 10), so a canary's share is exact
 * rather than "about 10 % give or take the dice". Choosing is one atomic increment and an array read.
 */
final class WeightedForward {
    private final Map<String, Integer> weights;
    private final TargetGroup[] schedule;
    private final AtomicLong turn = new AtomicLong();

    private WeightedForward(Map<String, Integer> weights, TargetGroup[] schedule) {
        this.weights = weights;
        this.schedule = schedule;
    }

    /**
     * The action for already validated {@code weights} (every group present in {@code groups}, some weight > 0).
     * A new action starts its schedule from the beginning.
     */
    static WeightedForward of(Map<String, Integer> weights, Map<String, TargetGroup> groups) {
        List<TargetGroup> named = new ArrayList<>();
        List<Integer> w = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, Integer> e : new TreeMap<>(weights).entrySet()) {
            if (e.getValue() > 0) {
                named.add(groups.get(e.getKey()));
                w.add(e.getValue());
                total += e.getValue();
            }
        }
        TargetGroup[] schedule = new TargetGroup[total];
        long[] current = new long[named.size()];
        for (int i = 0; i < total; i++) {
            int best = 0;
            for (int j = 0; j < current.length; j++) {
                current[j] += w.get(j);
                if (current[j] > current[best]) {
                    best = j;
                }
            }
            current[best] -= total;
            schedule[i] = named.get(best);
        }
        return new WeightedForward(Collections.unmodifiableMap(new TreeMap<>(weights)), schedule);
    }

    /** The group for the next request. */
    TargetGroup next() {
        return schedule[(int) Math.floorMod(turn.getAndIncrement(), (long) schedule.length)];
    }

    /** The weights as given, by group name. */
    Map<String, Integer> weights() {
        return weights;
    }

    @Override
    public String toString() {
        return "forward" + weights;
    }
}
