package dev.firedrill.harness.check;

/**
 * What the final check found for one job id: how many times its work ran, how many delivery attempts were made,
 * whether it ended in the dead-letter queue, when it was first processed (nanoseconds since run start, -1 when
 * unknown), and whether the app reported the run count at all ({@code false}: {@code processedCount} is only
 * "done = 1", so duplicates cannot be told).
 */
public record JobOutcome(int processedCount, int attempts, boolean deadLettered, long firstProcessedNanos,
        boolean runsCounted) {

    /** An outcome whose run count the app reported. */
    public JobOutcome(int processedCount, int attempts, boolean deadLettered, long firstProcessedNanos) {
        this(processedCount, attempts, deadLettered, firstProcessedNanos, true);
    }

    /** An outcome whose processing time is unknown and whose run count the app reported. */
    public static JobOutcome processed(int processedCount, int attempts, boolean deadLettered) {
        return processed(processedCount, attempts, deadLettered, true);
    }

    /** An outcome whose processing time is unknown; {@code runsCounted} false when the app gave no run count. */
    public static JobOutcome processed(int processedCount, int attempts, boolean deadLettered, boolean runsCounted) {
        return new JobOutcome(processedCount, attempts, deadLettered, -1, runsCounted);
    }
}
