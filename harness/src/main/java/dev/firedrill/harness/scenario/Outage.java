package dev.firedrill.harness.scenario;

/**
 * How long one operation class was down during one fault, from the history: the longest interval between two
 * consecutive {@code ok} completions that overlaps the fault's true window (effective → healed, from the fault
 * events). Times are milliseconds since run start, as rehearsed.
 *
 * @param faultId         the fault
 * @param op              the operation class, e.g. {@code write}
 * @param faultStartMs    when the fault took effect (requested when it has no effective event)
 * @param faultEndMs      when it was healed (end of history when never)
 * @param startMs         last ok completion before the gap (start of the outage)
 * @param endMs           first ok completion after the gap; NaN when the class never came back
 * @param firstFailureMs  invocation of the first non-ok operation in the gap, NaN when none
 */
public record Outage(String faultId, String op, double faultStartMs, double faultEndMs, double startMs,
                     double endMs, double firstFailureMs) {

    /** The measured outage, NaN when the class never came back. */
    public double durationMs() {
        return endMs - startMs;
    }

    /** The true fault window from the fault events. */
    public double faultDurationMs() {
        return faultEndMs - faultStartMs;
    }

    /** Measured minus true. */
    public double errorMs() {
        return durationMs() - faultDurationMs();
    }

    public boolean recovered() {
        return !Double.isNaN(endMs);
    }
}
