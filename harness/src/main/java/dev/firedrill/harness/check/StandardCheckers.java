package dev.firedrill.harness.check;

import java.util.List;

/** The default set of checkers with default operation names, in report order. */
public final class StandardCheckers {
    private StandardCheckers() {
    }

    /** Lost writes, stale reads, recovery, availability, latency, jobs and sessions. */
    public static List<Checker> all() {
        return List.of(new LostWriteChecker(), new StaleReadChecker(), new RecoveryChecker(),
                new AvailabilityChecker(), new LatencyChecker(), new JobChecker(), new SessionChecker());
    }
}
