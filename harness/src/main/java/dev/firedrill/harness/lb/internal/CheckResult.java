package dev.firedrill.harness.lb.internal;

import dev.firedrill.harness.lb.ReasonCode;

/** Outcome of one health check: passed, or failed with an AWS reason code and description. */
record CheckResult(boolean passed, ReasonCode failure, String description) {
    static final CheckResult PASSED = new CheckResult(true, ReasonCode.NONE, "");

    static CheckResult failed(ReasonCode reason, String description) {
        return new CheckResult(false, reason, description);
    }
}
