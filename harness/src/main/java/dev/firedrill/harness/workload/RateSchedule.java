package dev.firedrill.harness.workload;

/**
 * The fixed schedule of an open-model workload: operation {@code n} is intended to start at
 * {@code n / rate} seconds after the schedule's origin, whatever happened to earlier operations. Latency is
 * measured from this intended start, so a stalled system cannot slow the load down and hide its own stall
 * (no coordinated omission). Pure arithmetic.
 */
public record RateSchedule(double opsPerSecond) {

    public RateSchedule {
        if (!(opsPerSecond > 0) || Double.isInfinite(opsPerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number of operations per second, was "
                    + opsPerSecond);
        }
    }

    /** Nanoseconds after the origin at which operation {@code n} (0-based) is intended to start. */
    public long intendedNanos(long n) {
        return Math.round(n * 1e9 / opsPerSecond);
    }

    /** How many operations are due by {@code elapsedNanos} after the origin (operations 0 … result−1). */
    public long dueBy(long elapsedNanos) {
        if (elapsedNanos < 0) {
            return 0;
        }
        long n = (long) Math.floor(elapsedNanos * opsPerSecond / 1e9) + 1;
        while (n > 0 && intendedNanos(n - 1) > elapsedNanos) {
            n--;
        }
        while (intendedNanos(n) <= elapsedNanos) {
            n++;
        }
        return n;
    }

    /** The interval between intended starts, in nanoseconds (rounded). */
    public long periodNanos() {
        return Math.round(1e9 / opsPerSecond);
    }
}
