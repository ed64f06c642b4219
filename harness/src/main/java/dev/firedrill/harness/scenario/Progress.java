package dev.firedrill.harness.scenario;

import java.time.Duration;

/**
 * A progress reading for live output: the phase ({@code deploy}, {@code warmup}, {@code run}, {@code heal},
 * {@code final-reads}, {@code check}, {@code report}, {@code done}), time since the runner started, the
 * completion rate over the last reading, and error counts so far.
 */
public record Progress(String phase, Duration elapsed, double opsPerSecond, long ok, long failed,
                       long indeterminate, int activeFaults) {

    /** failed + indeterminate. */
    public long errors() {
        return failed + indeterminate;
    }
}
