package dev.firedrill.harness.check;

import java.util.Locale;

/** Outcome of a checker. Composition ranks {@code INVALID > UNKNOWN > VALID}. */
public enum Verdict {
    VALID, UNKNOWN, INVALID;

    /** The lower-case name used in result.json. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The worse of two verdicts. */
    public Verdict and(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
