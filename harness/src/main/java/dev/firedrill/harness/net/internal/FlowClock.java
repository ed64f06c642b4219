package dev.firedrill.harness.net.internal;

import java.time.Instant;

/**
 * Wall-clock epoch nanoseconds for flow records, cheaply: the wall clock is read once when the class loads and
 * advanced with {@link System#nanoTime()} (no allocation, no system call beyond the monotonic clock). It does not
 * follow steps of the system clock made later; the drift over a run (NTP slews by parts per million) is far below
 * what a record's start and end need.
 */
final class FlowClock {
    private static final long BASE_NANO;
    private static final long BASE_EPOCH_NANOS;

    static {
        Instant now = Instant.now();
        BASE_NANO = System.nanoTime();
        BASE_EPOCH_NANOS = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private FlowClock() {
    }

    static long epochNanos() {
        return BASE_EPOCH_NANOS + (System.nanoTime() - BASE_NANO);
    }
}
