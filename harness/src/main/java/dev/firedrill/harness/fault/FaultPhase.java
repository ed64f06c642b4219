package dev.firedrill.harness.fault;

import java.util.Locale;

/**
 * The life of a fault, each a separate event with monotonic time. The history's nemesis events carry the first
 * three; a FAILED fault becomes a nemesis {@code info} event with the error instead (it opens no fault window).
 */
public enum FaultPhase {
    /** The fault was asked for. */
    REQUESTED,
    /** The fault is in force (for a failover: the primary is down). */
    EFFECTIVE,
    /** Its heal ran (for a failover: writes possible again on the new primary). */
    HEALED,
    /** It could not be applied or healed; {@link FaultEvent#detail()} says why. */
    FAILED;

    /** The lower-case name used in history.jsonl. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire name ("requested", "effective", "healed", "failed"). */
    public static FaultPhase fromWire(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown fault phase '" + s
                    + "'; expected one of requested, effective, healed, failed", e);
        }
    }
}
