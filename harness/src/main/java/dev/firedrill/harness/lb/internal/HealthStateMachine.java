package dev.firedrill.harness.lb.internal;

import dev.firedrill.harness.lb.ReasonCode;
import dev.firedrill.harness.lb.TargetHealth;
import dev.firedrill.harness.lb.TargetState;

/**
 * One target's health state, fed with check results. Pure logic, thread-safe.
 *
 * <p>Rules (AWS ELB user guide, "Health checks for Application Load Balancer target groups"):
 * a newly registered target "must pass one health check to be considered healthy"; after
 * {@code unhealthyThreshold} consecutive failures a target is taken out of service, after
 * {@code healthyThreshold} consecutive successes an unhealthy one is put back. A target that keeps
 * failing its initial checks becomes unhealthy after {@code unhealthyThreshold} failures too.
 * Draining and unused targets ignore check results.
 */
final class HealthStateMachine {
    private final int healthyThreshold;
    private final int unhealthyThreshold;
    private volatile TargetHealth health = new TargetHealth(TargetState.INITIAL, ReasonCode.ELB_REGISTRATION_IN_PROGRESS,
            "Target registration is in progress");
    private int successes;
    private int failures;

    HealthStateMachine(int healthyThreshold, int unhealthyThreshold) {
        this.healthyThreshold = healthyThreshold;
        this.unhealthyThreshold = unhealthyThreshold;
    }

    TargetHealth health() {
        return health;
    }

    /** Applies one result and returns the health before it. */
    synchronized TargetHealth onCheck(CheckResult r) {
        TargetHealth before = health;
        switch (health.state()) {
            case INITIAL -> {
                if (r.passed()) {
                    health = TargetHealth.healthy();
                } else if (++failures >= unhealthyThreshold) {
                    health = unhealthy(r);
                } else {
                    health = new TargetHealth(TargetState.INITIAL, ReasonCode.ELB_INITIAL_HEALTH_CHECKING,
                            "Initial health checks in progress");
                }
            }
            case HEALTHY -> {
                if (r.passed()) {
                    failures = 0;
                } else if (++failures >= unhealthyThreshold) {
                    health = unhealthy(r);
                }
            }
            case UNHEALTHY -> {
                if (!r.passed()) {
                    successes = 0;
                    health = unhealthy(r);
                } else if (++successes >= healthyThreshold) {
                    health = TargetHealth.healthy();
                }
            }
            default -> {
                // draining and unused targets are no longer checked
            }
        }
        if (health.state() != before.state()) {
            successes = 0;
            failures = 0;
        }
        return before;
    }

    /** Moves to draining; returns the health before. */
    synchronized TargetHealth drain() {
        TargetHealth before = health;
        health = new TargetHealth(TargetState.DRAINING, ReasonCode.TARGET_DEREGISTRATION_IN_PROGRESS,
                "Target deregistration is in progress");
        return before;
    }

    /** Moves to unused; returns the health before. */
    synchronized TargetHealth retire() {
        TargetHealth before = health;
        health = new TargetHealth(TargetState.UNUSED, ReasonCode.TARGET_NOT_REGISTERED,
                "Target is not registered to the target group");
        return before;
    }

    private static TargetHealth unhealthy(CheckResult r) {
        return new TargetHealth(TargetState.UNHEALTHY, r.failure(), r.description());
    }
}
