package dev.firedrill.harness.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The windows in which the harness could not keep time, derived from the history's harness-health events (see
 * {@link dev.firedrill.harness.sampler.HarnessMonitor}): the harness JVM paused at least {@code bound}
 * ({@code harness_stall_ms}), the load generator started an operation at least {@code bound} late
 * ({@code schedule_lag_ms}), or the machine's CPUs were contended by other work — runnable tasks waited for a
 * CPU at least {@value #CONTENTION_PCT} % of an interval ({@code cpu_pressure_pct}) while processes outside the
 * harness and its children used at least {@value #FOREIGN_PCT} % of all cores ({@code cpu_foreign_pct}, mean of
 * the interval and its two neighbours), so the
 * app, the database and the harness all ran late because of someone else. A timing figure measured across such a window may be the machine's doing,
 * not the stack's: SLOs judge it <em>inconclusive</em> there instead of failed or passed. Pure.
 *
 * <pre>{@code
 * Stalls s = Stalls.of(history);
 * if (s.taints(ops.invokeNanos(i), ops.completeNanos(i))) { ... not evidence either way ... }
 * }</pre>
 */
public final class Stalls {
    /** Pauses and schedule lag shorter than this are within what every measurement here tolerates. */
    public static final Duration DEFAULT_BOUND = Duration.ofMillis(100);
    /** CPU pressure (PSI some, % of wall time) from which an interval counts as contended. */
    public static final double CONTENTION_PCT = 50;
    /**
     * Share of all cores used by processes outside the harness and its children from which contention is
     * someone else's doing; below it, the pressure is the stack's own work (a JVM starting, a replica rebuilt),
     * which is part of the rehearsal, not a reason to doubt it.
     */
    public static final double FOREIGN_PCT = 12;

    /**
     * One window in which the harness could not keep time.
     *
     * @param cause  {@code pause}, {@code schedule-lag} or {@code cpu-contention}
     * @param figure the worst reading in it: ms paused or late, or % CPU pressure
     */
    public record Stall(long fromNanos, long toNanos, String cause, double figure) {
        /** E.g. "the harness paused 820 ms at 4.1 s". */
        public String describe() {
            return switch (cause) {
                case "pause" -> String.format(Locale.ROOT, "the harness paused %.0f ms at %.1f s", figure,
                        toNanos / 1e9);
                case "schedule-lag" -> String.format(Locale.ROOT, "the load generator fell %.0f ms behind its "
                        + "schedule at %.1f s", figure, toNanos / 1e9);
                default -> String.format(Locale.ROOT, "the machine's CPUs were contended by other work (tasks "
                        + "waited up to %.0f %% of the time) from %.1f s to %.1f s", figure, fromNanos / 1e9,
                        toNanos / 1e9);
            };
        }

        public double durationMs() {
            return (toNanos - fromNanos) / 1e6;
        }
    }

    private final List<Stall> stalls;
    private final Duration bound;

    private Stalls(List<Stall> stalls, Duration bound) {
        this.stalls = List.copyOf(stalls);
        this.bound = bound;
    }

    /** No stalls: for histories judged without harness-health events (tests, synthetic histories). */
    public static Stalls none() {
        return new Stalls(List.of(), DEFAULT_BOUND);
    }

    /** The stalls of {@code history} with the {@linkplain #DEFAULT_BOUND default bound}. */
    public static Stalls of(History history) {
        return of(history, DEFAULT_BOUND);
    }

    /** The stalls of {@code history}: pauses and lags of at least {@code bound}, contended CPU intervals. */
    public static Stalls of(History history, Duration bound) {
        Objects.requireNonNull(history, "history");
        double boundMs = bound.toNanos() / 1e6;
        List<Stall> raw = new ArrayList<>();
        for (Event e : history.samples("harness_stall_ms")) {
            if (e.number() >= boundMs) {
                raw.add(new Stall(e.nanos() - (long) (e.number() * 1e6), e.nanos(), "pause", e.number()));
            }
        }
        for (Event e : history.samples("schedule_lag_ms")) {
            if (e.number() >= boundMs) {
                raw.add(new Stall(e.nanos() - (long) (e.number() * 1e6), e.nanos(), "schedule-lag", e.number()));
            }
        }
        List<Event> pressure = history.samples("cpu_pressure_pct");
        double[] other = foreignShares(pressure, history.samples("cpu_foreign_pct"));
        for (int i = 1; i < pressure.size(); i++) {
            // one reading is noisy (a process reaped between readings, a burst of kernel work): judge the other
            // work's share as the mean of this interval and its neighbours
            double near = (other[i - 1] + other[i] + (i + 1 < other.length ? other[i + 1] : other[i])) / 3;
            if (pressure.get(i).number() >= CONTENTION_PCT && near >= FOREIGN_PCT) {
                raw.add(new Stall(pressure.get(i - 1).nanos(), pressure.get(i).nanos(), "cpu-contention",
                        pressure.get(i).number()));
            }
        }
        raw.sort(Comparator.comparingLong(Stall::fromNanos));
        List<Stall> merged = new ArrayList<>();
        for (Stall s : raw) {
            Stall last = null;
            for (int i = merged.size() - 1; i >= 0; i--) {
                if (merged.get(i).cause().equals(s.cause())) {
                    last = merged.get(i);
                    break;
                }
            }
            if (last != null && s.fromNanos() <= last.toNanos()) {
                merged.set(merged.indexOf(last), new Stall(last.fromNanos(), Math.max(last.toNanos(), s.toNanos()),
                        s.cause(), Math.max(last.figure(), s.figure())));
            } else {
                merged.add(s);
            }
        }
        return new Stalls(merged, bound);
    }

    /**
     * The foreign share recorded with each pressure reading (same sampling pass, just after it); infinite when
     * the machine gives no foreign share at all (pressure alone then decides), 0 when one reading lacks it.
     */
    private static double[] foreignShares(List<Event> pressure, List<Event> foreign) {
        double[] out = new double[pressure.size()];
        int fi = 0;
        for (int i = 0; i < pressure.size(); i++) {
            long t = pressure.get(i).nanos();
            while (fi < foreign.size() && foreign.get(fi).nanos() < t) {
                fi++;
            }
            out[i] = foreign.isEmpty() ? Double.POSITIVE_INFINITY
                    : fi < foreign.size() && foreign.get(fi).nanos() - t < 100_000_000L ? foreign.get(fi).number() : 0;
        }
        return out;
    }

    /** Every stall, in start order. */
    public List<Stall> all() {
        return stalls;
    }

    /** The bound pauses and lags were held to. */
    public Duration bound() {
        return bound;
    }

    /** The stalls that overlap [from, to] (nanoseconds of the history's clock). */
    public List<Stall> overlapping(long fromNanos, long toNanos) {
        return stalls.stream().filter(s -> s.fromNanos() <= toNanos && s.toNanos() >= fromNanos).toList();
    }

    /** True when a stall overlaps [from, to]: a figure measured there may be the machine's doing. */
    public boolean taints(long fromNanos, long toNanos) {
        for (Stall s : stalls) {
            if (s.fromNanos() <= toNanos && s.toNanos() >= fromNanos) {
                return true;
            }
        }
        return false;
    }

    /** Nanoseconds of [from, to] covered by stalls (overlaps counted once). */
    public long coveredNanos(long fromNanos, long toNanos) {
        long covered = 0;
        long cursor = fromNanos;
        for (Stall s : stalls.stream().sorted(Comparator.comparingLong(Stall::fromNanos)).toList()) {
            long a = Math.max(cursor, s.fromNanos());
            long b = Math.min(toNanos, s.toNanos());
            if (b > a) {
                covered += b - a;
                cursor = b;
            }
        }
        return covered;
    }

    /** The worst few stalls of a list in words, e.g. for an inconclusive verdict. */
    public static String describe(List<Stall> list) {
        if (list.isEmpty()) {
            return "no stall";
        }
        List<String> parts = list.stream().sorted(Comparator.comparingDouble(Stall::durationMs).reversed())
                .limit(3).map(Stall::describe).toList();
        return String.join("; ", parts) + (list.size() > 3 ? " (and " + (list.size() - 3) + " more)" : "");
    }

    @Override
    public String toString() {
        return describe(stalls);
    }
}
