package dev.firedrill.harness.report;

import java.util.Objects;

/**
 * One service-level objective as judged after a run, e.g.
 * {@code new SloVerdict("write outage", "≤ 35000 ms AWS-equivalent", "3210 ms", true, "")}.
 */
public record SloVerdict(String name, String expected, String measured, boolean passed, String message) {
    public SloVerdict {
        Objects.requireNonNull(name, "name");
        expected = expected == null ? "" : expected;
        measured = measured == null ? "" : measured;
        message = message == null ? "" : message;
    }
}
