package dev.firedrill.harness.history;

import java.util.Locale;

/**
 * Kind of a history event, Jepsen style. {@code INFO} is indeterminate (e.g. a timeout): checkers never
 * count it as failed or succeeded. {@code SAMPLE} is a sampler reading (replica lag, target health, queue depth).
 */
public enum EventType {
    INVOKE, OK, FAIL, INFO, SAMPLE;

    private static final EventType[] VALUES = values();

    /** The lower-case name used in history.jsonl. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for OK, FAIL and INFO: the types that complete an invocation. */
    public boolean isCompletion() {
        return this == OK || this == FAIL || this == INFO;
    }

    static EventType ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    /** Parses the wire name ("invoke", "ok", ...). */
    public static EventType fromWire(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown event type '" + s
                    + "'; expected one of invoke, ok, fail, info, sample", e);
        }
    }
}
