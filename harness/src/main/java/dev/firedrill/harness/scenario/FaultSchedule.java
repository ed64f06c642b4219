package dev.firedrill.harness.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The ordered actions of a list of fault steps: each step's inject at its start and, when it has a duration,
 * its heal. At equal times heals come before injects (so back-to-back faults never overlap) and steps keep
 * their order. Pure.
 */
public final class FaultSchedule {
    /** What to do, when (after the warm-up), to which step (its index in the scenario). */
    public record Action(Duration at, boolean inject, int step) {
    }

    private FaultSchedule() {
    }

    /** The actions in the order they must run. */
    public static List<Action> timeline(List<FaultStep> steps) {
        List<Action> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            FaultStep s = steps.get(i);
            out.add(new Action(s.at(), true, i));
            if (s.healAt() != null) {
                out.add(new Action(s.healAt(), false, i));
            }
        }
        out.sort(Comparator.comparing(Action::at).thenComparing(Action::inject).thenComparingInt(Action::step));
        return List.copyOf(out);
    }

    /** The time of the last action, zero for none. */
    public static Duration end(List<FaultStep> steps) {
        return timeline(steps).stream().map(Action::at).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }
}
