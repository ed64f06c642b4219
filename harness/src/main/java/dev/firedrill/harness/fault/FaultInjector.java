package dev.firedrill.harness.fault;

import java.time.Duration;
import java.util.List;

/**
 * The fault ability of a deployment. A backend that cannot run a fault kind says so up front
 * ({@link #check(Fault)}) so a run fails before it starts, not halfway.
 */
public interface FaultInjector {
    /** Throws {@link dev.firedrill.harness.FaultException} if the fault cannot be applied here. */
    void check(Fault fault);

    /** Applies the fault now; nothing is half-applied when it throws. */
    ActiveFault inject(Fault fault);

    /** Faults not healed yet. */
    List<ActiveFault> active();

    /** Heals every active fault (in reverse order); never throws, failures become FAILED events. */
    void healAll();

    /** Waits until the topology is healthy again and says what was checked. */
    HealthReport verifyHealthy(Duration timeout);

    void addListener(FaultListener listener);
}
