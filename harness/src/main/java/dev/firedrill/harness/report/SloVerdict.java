package dev.firedrill.harness.report;

import java.util.Locale;
import java.util.Objects;

/**
 * One service-level objective as judged after a run, e.g.
 * {@code new SloVerdict("write outage", "≤ 35000 ms AWS-equivalent", "3210 ms", true, "")}.
 * A verdict is {@linkplain Outcome#PASSED passed}, {@linkplain Outcome#FAILED failed} or
 * {@linkplain Outcome#INCONCLUSIVE inconclusive}: the figure it judges was measured while the harness itself could
 * not keep time (it paused, fell behind its schedule, or the machine's CPUs were contended), and the figure would
 * pass or fail only because of that; {@code inconclusive} then says when and how much.
 *
 * @param passed       true only for a pass
 * @param inconclusive why the verdict could not be reached, or null when it was
 */
public record SloVerdict(String name, String expected, String measured, boolean passed, String message,
                         String inconclusive) {

    /** The three outcomes of an SLO. */
    public enum Outcome {
        PASSED, FAILED, INCONCLUSIVE;

        /** The lower-case name used in result.json. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SloVerdict {
        Objects.requireNonNull(name, "name");
        expected = expected == null ? "" : expected;
        measured = measured == null ? "" : measured;
        message = message == null ? "" : message;
        if (inconclusive != null && passed) {
            throw new IllegalArgumentException("an inconclusive verdict is not a pass");
        }
    }

    /** A verdict that was reached: passed or failed. */
    public SloVerdict(String name, String expected, String measured, boolean passed, String message) {
        this(name, expected, measured, passed, message, null);
    }

    /** A verdict the harness could not reach because it stalled: {@code reason} says when and how much. */
    public static SloVerdict inconclusive(String name, String expected, String measured, String reason) {
        return new SloVerdict(name, expected, measured, false, "inconclusive: " + reason, reason);
    }

    public Outcome outcome() {
        return passed ? Outcome.PASSED : inconclusive != null ? Outcome.INCONCLUSIVE : Outcome.FAILED;
    }

    /** True when the SLO failed (not merely inconclusive). */
    public boolean failed() {
        return outcome() == Outcome.FAILED;
    }

    public boolean isInconclusive() {
        return inconclusive != null;
    }
}
