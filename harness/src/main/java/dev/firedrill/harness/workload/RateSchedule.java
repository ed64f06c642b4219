package dev.firedrill.harness.workload;

import dev.firedrill.harness.topology.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The fixed schedule of an open-model workload: operation {@code n} is intended to start at a time that is a pure
 * function of {@code n}, whatever happened to earlier operations. Latency is measured from this intended start, so
 * a stalled system cannot slow the load down and hide its own stall (no coordinated omission). Pure arithmetic.
 *
 * <p>Without steps, operation {@code n} is intended at {@code n / rate} seconds after the schedule's origin. With
 * {@linkplain RateStep steps} the rate is piecewise constant: the base rate until the first step's {@code at}, then
 * each step's rate until the next. The intended times stay continuous across a boundary (the count of operations
 * due grows at the old rate up to the boundary and at the new one after it, with no burst and no gap) and strictly
 * increasing. A schedule's step times count from its own origin; {@link WorkloadSpec#schedule(Duration)} moves a
 * spec's steps, which count from the end of the warm-up, onto a clock that starts before the warm-up.
 *
 * <pre>{@code
 * RateSchedule s = new RateSchedule(50, List.of(new RateStep(Duration.ofSeconds(4), 300)));
 * s.dueBy(4_000_000_000L);   // 201: 200 operations in the first 4 s, the 201st at exactly 4 s
 * s.dueBy(5_000_000_000L);   // 501: then 300 a second
 * }</pre>
 */
public final class RateSchedule {
    private final double opsPerSecond;
    private final List<RateStep> steps;
    /** Segment k starts at {@code starts[k]} ns with rate {@code rates[k]}; {@code counts[k]} operations precede it. */
    private final long[] starts;
    private final double[] rates;
    private final double[] counts;

    /** A constant rate. */
    public RateSchedule(double opsPerSecond) {
        this(opsPerSecond, List.of());
    }

    /**
     * {@code opsPerSecond} from the origin until the first step, then each step's rate.
     *
     * @param steps strictly increasing in {@link RateStep#at()} (from this schedule's origin)
     */
    public RateSchedule(double opsPerSecond, List<RateStep> steps) {
        if (!(opsPerSecond > 0) || Double.isInfinite(opsPerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number of operations per second, was "
                    + opsPerSecond);
        }
        Objects.requireNonNull(steps, "steps (List.of() for a constant rate)");
        for (int i = 0; i < steps.size(); i++) {
            Objects.requireNonNull(steps.get(i), "steps[" + i + "]");
            if (i > 0 && steps.get(i).at().compareTo(steps.get(i - 1).at()) <= 0) {
                throw new IllegalArgumentException("steps[" + i + "].at: " + Durations.format(steps.get(i).at())
                        + " must be later than steps[" + (i - 1) + "].at " + Durations.format(steps.get(i - 1).at())
                        + "; list the steps in order of time, each at its own time");
            }
        }
        this.opsPerSecond = opsPerSecond;
        this.steps = List.copyOf(steps);
        int m = steps.size() + 1;
        starts = new long[m];
        rates = new double[m];
        counts = new double[m];
        rates[0] = opsPerSecond;
        for (int k = 1; k < m; k++) {
            RateStep s = steps.get(k - 1);
            starts[k] = s.at().toNanos();
            rates[k] = s.opsPerSecond();
            counts[k] = counts[k - 1] + (starts[k] - starts[k - 1]) * rates[k - 1] / 1e9;
        }
    }

    /** The base rate: operations per second from the origin until the first step. */
    public double opsPerSecond() {
        return opsPerSecond;
    }

    /** The steps, in order; empty for a constant rate. */
    public List<RateStep> steps() {
        return steps;
    }

    /** Nanoseconds after the origin at which operation {@code n} (0-based) is intended to start. */
    public long intendedNanos(long n) {
        int k = segmentOfOp(n);
        long t = starts[k] + Math.round((n - counts[k]) * 1e9 / rates[k]);
        // rounding must not carry an operation past the next boundary: that would break monotonicity there
        return k + 1 < starts.length ? Math.min(t, starts[k + 1]) : t;
    }

    /** How many operations are due by {@code elapsedNanos} after the origin (operations 0 … result−1). */
    public long dueBy(long elapsedNanos) {
        if (elapsedNanos < 0) {
            return 0;
        }
        int k = segmentAt(elapsedNanos);
        long n = (long) Math.floor(counts[k] + (elapsedNanos - starts[k]) * rates[k] / 1e9) + 1;
        while (n > 0 && intendedNanos(n - 1) > elapsedNanos) {
            n--;
        }
        while (intendedNanos(n) <= elapsedNanos) {
            n++;
        }
        return n;
    }

    /** The rate in force at {@code elapsedNanos} after the origin (the base rate before the origin). */
    public double rateAt(long elapsedNanos) {
        return elapsedNanos < 0 ? opsPerSecond : rates[segmentAt(elapsedNanos)];
    }

    /** The interval between intended starts at the base rate, in nanoseconds (rounded). */
    public long periodNanos() {
        return Math.round(1e9 / opsPerSecond);
    }

    /** The interval between intended starts at the rate in force at {@code elapsedNanos}, in nanoseconds (rounded). */
    public long periodNanosAt(long elapsedNanos) {
        return Math.round(1e9 / rateAt(elapsedNanos));
    }

    /** This schedule with every step {@code offset} later: the same profile on a clock that starts earlier. */
    public RateSchedule shifted(Duration offset) {
        if (offset.isNegative()) {
            throw new IllegalArgumentException("offset must be ≥ 0, was " + offset);
        }
        return new RateSchedule(opsPerSecond, steps.stream().map(s -> s.later(offset)).toList());
    }

    /** The last segment whose start is at or before {@code elapsedNanos} (≥ 0). */
    private int segmentAt(long elapsedNanos) {
        int lo = 0, hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= elapsedNanos) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The last segment that at most {@code n} operations precede. */
    private int segmentOfOp(long n) {
        int lo = 0, hi = counts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (counts[mid] <= n) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateSchedule r && Double.compare(r.opsPerSecond, opsPerSecond) == 0
                && r.steps.equals(steps);
    }

    @Override
    public int hashCode() {
        return Objects.hash(opsPerSecond, steps);
    }

    @Override
    public String toString() {
        return "RateSchedule[opsPerSecond=" + opsPerSecond + ", steps=" + steps + "]";
    }
}
