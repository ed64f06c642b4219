package dev.firedrill.harness.history;

import java.util.Locale;

/** Phase of a nemesis (fault) event: the runner asked for it, it took effect, or it was healed. */
public enum FaultPhase {
    REQUESTED, EFFECTIVE, HEALED;

    /** The lower-case name used in history.jsonl. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire name ("requested", "effective", "healed"). */
    public static FaultPhase fromWire(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown fault phase '" + s
                    + "'; expected one of requested, effective, healed", e);
        }
    }
}
