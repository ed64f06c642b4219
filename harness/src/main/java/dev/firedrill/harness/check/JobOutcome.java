package dev.firedrill.harness.check;

/**
 * What the final check found for one job id: how many times it was processed, how many delivery attempts were
 * made, whether it ended in the dead-letter queue, and when it was first processed (nanoseconds since run start,
 * -1 when unknown).
 */
public record JobOutcome(int processedCount, int attempts, boolean deadLettered, long firstProcessedNanos) {

    /** An outcome whose processing time is unknown. */
    public static JobOutcome processed(int processedCount, int attempts, boolean deadLettered) {
        return new JobOutcome(processedCount, attempts, deadLettered, -1);
    }
}
