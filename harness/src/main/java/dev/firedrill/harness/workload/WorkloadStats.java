package dev.firedrill.harness.workload;

/**
 * A snapshot of a running workload's counters (for progress lines; reports derive figures from the history).
 *
 * @param invoked          operations started
 * @param ok               completed ok
 * @param failed           completed fail (surely did not happen)
 * @param indeterminate    completed info (may or may not have happened)
 * @param inFlight         started, not completed
 * @param processes        logical clients used so far (grows beyond the spec's clients only when all were busy)
 * @param maxScheduleLagNanos the largest delay between an operation's intended start and its invoke event
 */
public record WorkloadStats(long invoked, long ok, long failed, long indeterminate, long inFlight, int processes,
                            long maxScheduleLagNanos) {

    /** failed + indeterminate. */
    public long errors() {
        return failed + indeterminate;
    }
}
