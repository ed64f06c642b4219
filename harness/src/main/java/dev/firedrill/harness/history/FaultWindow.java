package dev.firedrill.harness.history;

/**
 * One fault as seen in the history: from {@code requested} to {@code healed}. {@code effectiveNanos} is -1 when
 * the backend never reported the fault effective; {@code healedNanos} is the end of the history when no heal
 * was recorded ({@code healed} is then false).
 */
public record FaultWindow(String faultId, String kind, String target, long requestedNanos, long effectiveNanos,
                          long healedNanos, boolean healed) {

    /** True when {@code nanos} lies in [requested, healed). */
    public boolean contains(long nanos) {
        return nanos >= requestedNanos && nanos < healedNanos;
    }

    /** Length of the window in milliseconds. */
    public double durationMillis() {
        return (healedNanos - requestedNanos) / 1e6;
    }
}
