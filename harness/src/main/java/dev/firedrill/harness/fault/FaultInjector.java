package dev.firedrill.harness.fault;

import java.time.Duration;
import java.util.List;

/**
 * The fault ability of a deployment. Each fault is planned by {@link FaultPlanner} against the deployment's
 * current targets and executed as primitive {@link FaultAction}s; a backend that cannot run one says so up front
 * ({@link #check(Fault)}) so a run fails before it starts, not halfway.
 */
public interface FaultInjector {
    /**
     * Throws {@link dev.firedrill.harness.FaultException} if the fault cannot be applied here: its target does
     * not exist right now, or it needs an action this backend lacks. Draws nothing from the random source.
     */
    void check(Fault fault);

    /**
     * Every random choice of faults injected from now on draws from {@code seed}: which instances a
     * {@code random}, {@code count(n)} or {@code percent(p)} selector hits, a failover's detection delay, and the
     * toxicity rolls on every edge. The scenario runner calls it with the scenario's seed when a run starts.
     */
    void seed(long seed);

    /** Applies the fault now; nothing is half-applied when it throws. */
    ActiveFault inject(Fault fault);

    /**
     * Applies the fault now, knowing how long the run will keep it ({@code lasting}; null: until healed). A
     * backend whose faults run on a clock of their own uses it (a FIS action's duration); others ignore it.
     */
    default ActiveFault inject(Fault fault, Duration lasting) {
        return inject(fault);
    }

    /** Faults not healed yet. */
    List<ActiveFault> active();

    /** Heals every active fault (in reverse order); never throws, failures become FAILED events. */
    void healAll();

    /** Waits until the topology is healthy again and says what was checked. */
    HealthReport verifyHealthy(Duration timeout);

    void addListener(FaultListener listener);
}
