package dev.firedrill.harness.fault;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A fault resolved against a stack: what it hits ({@link #targets()}, as events and reports name it) and the
 * primitive actions, in the order they are applied (heals run in reverse).
 */
public record FaultPlan(Fault fault, List<String> targets, List<FaultAction> actions) {
    public FaultPlan {
        targets = List.copyOf(targets);
        actions = List.copyOf(actions);
    }

    /** The kinds of action this plan needs. */
    public Set<FaultAction.Kind> kinds() {
        Set<FaultAction.Kind> k = EnumSet.noneOf(FaultAction.Kind.class);
        actions.forEach(a -> k.add(a.kind()));
        return k;
    }
}
