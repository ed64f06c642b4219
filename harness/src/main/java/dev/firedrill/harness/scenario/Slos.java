package dev.firedrill.harness.scenario;

import dev.firedrill.harness.history.Stalls;
import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.check.Figure;
import dev.firedrill.harness.check.LostWriteChecker;
import dev.firedrill.harness.check.StaleReadChecker;
import dev.firedrill.harness.report.SloVerdict;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The SLOs a scenario can state. Each evaluates to a {@link SloVerdict} with the measured figure and, when
 * broken, a message saying by how much.
 *
 * <pre>{@code
 * List.of(Slos.noLostWrites(), Slos.noStaleConsistentReads(), Slos.writeRecoveryWithin(Duration.ofSeconds(4)),
 *         Slos.availabilityAtLeast("read", 0.99), Slos.p99Below("write", Duration.ofMillis(500)));
 * }</pre>
 */
public final class Slos {
    private Slos() {
    }

    /** No acknowledged write is missing from the final state (lost-writes checker). */
    public static Slo noLostWrites() {
        return of("no lost writes", "0 lost acknowledged writes", in -> {
            CheckResult c = in.check(LostWriteChecker.NAME).orElse(null);
            Long lost = figure(c, LostWriteChecker.LOST_WRITES);
            if (lost == null) {
                return unmeasured("no lost writes", "0 lost acknowledged writes", c);
            }
            long n = lost;
            String measured = n + " lost of " + c.figure(LostWriteChecker.ACKNOWLEDGED_WRITES).orElse(null)
                    + " acknowledged";
            return verdict("no lost writes", "0 lost acknowledged writes", measured, n == 0,
                    n + " acknowledged write(s) missing from the final state, e.g. " + c.examples());
        });
    }

    /** No {@code consistent_read} returned an older version than an acknowledged write (stale-reads checker). */
    public static Slo noStaleConsistentReads() {
        return of("no stale consistent reads", "0 stale consistent_read", in -> {
            CheckResult c = in.check(StaleReadChecker.NAME).orElse(null);
            Long st = figure(c, StaleReadChecker.STRICT_STALE_READS);
            if (st == null) {
                return unmeasured("no stale consistent reads", "0 stale consistent_read", c);
            }
            long n = st;
            return verdict("no stale consistent reads", "0 stale consistent_read", n + " stale", n == 0,
                    n + " consistent read(s) returned an older version than an acknowledged write, e.g. "
                            + c.examples());
        });
    }

    /** Every outage of {@code write} during a fault is at most {@code bound} (as rehearsed). */
    public static Slo writeRecoveryWithin(Duration bound) {
        return recoveryWithin("write", bound);
    }

    /** As {@link #writeRecoveryWithin}, with the bound in AWS time (scaled by the run's time scale). */
    public static Slo writeRecoveryWithinAwsEquivalent(Duration awsBound) {
        return recoveryWithinAwsEquivalent("write", awsBound);
    }

    /** Every outage of {@code op} during a fault is at most {@code bound} (as rehearsed) and it came back. */
    public static Slo recoveryWithin(String op, Duration bound) {
        Objects.requireNonNull(bound, "bound");
        String name = op + " recovery";
        String expected = "outage ≤ " + bound.toMillis() + " ms";
        return of(name, expected, in -> outageVerdict(name, expected, in, op, bound.toNanos() / 1e6, 1.0));
    }

    /** As {@link #recoveryWithin}, with the bound in AWS time: rehearsed bound = aws × time scale. */
    public static Slo recoveryWithinAwsEquivalent(String op, Duration awsBound) {
        Objects.requireNonNull(awsBound, "awsBound");
        String name = op + " recovery";
        String expected = "outage ≤ " + awsBound.toMillis() + " ms AWS-equivalent";
        return of(name, expected, in -> outageVerdict(name, expected, in, op,
                awsBound.toNanos() / 1e6 * in.timeScale(), in.timeScale()));
    }

    /** Every outage of {@code op} lasts {@code expected} ± {@code tolerance} (ground-truth checks of the harness). */
    public static Slo outageMatches(String op, Duration expected, Duration tolerance) {
        String name = op + " outage";
        String exp = expected.toMillis() + " ms ± " + tolerance.toMillis() + " ms";
        return of(name, exp, in -> {
            List<Outage> all = Measures.outages(in.history(), op);
            if (all.isEmpty()) {
                return new SloVerdict(name, exp, "no outage", false, "no " + op + " outage was measured during a fault");
            }
            Outage worst = all.stream().max((a, b) -> Double.compare(Math.abs(dev(a, expected)),
                    Math.abs(dev(b, expected)))).orElseThrow();
            double tol = tolerance.toNanos() / 1e6;
            for (Outage o : all) {
                double d = dev(o, expected);
                // what the edge writes did took effect between their invoke and completion: the true outage is
                // at most the last ok's latency longer and at most the first ok's latency shorter than measured
                double stall = spanUncertaintyMs(in, o);
                double last = edgeLatencyMs(in, op, o.startMs());
                double first = o.recovered() ? edgeLatencyMs(in, op, o.endMs()) : 0;
                double lo = d - first - stall;
                double hi = d + last + stall;
                if (lo > tol || hi < -tol) {
                    return verdict(name, exp, describe(o), false, String.format(Locale.ROOT,
                            "%s outage of %.0f ms during %s is %.0f ms off the expected %d ms (tolerance %d ms)",
                            op, o.durationMs(), o.faultId(), d, expected.toMillis(), tolerance.toMillis()));
                }
                if (lo < -tol || hi > tol) {
                    return SloVerdict.inconclusive(name, exp, describe(o), String.format(Locale.ROOT, "the %s outage "
                            + "during %s is known only to %+.0f..%+.0f ms of the %.0f ms measured: the operations at "
                            + "its edges took %.0f ms and %.0f ms, and the harness could not keep time for %.0f ms "
                            + "around it: %s", op, o.faultId(), -first - stall, last + stall, o.durationMs(), last,
                            first, stall, Stalls.describe(around(in, o))));
                }
            }
            return verdict(name, exp, describe(worst), true, "");
        });
    }

    /**
     * How far an outage's edges reach: a stall moves an edge only when it delays the completion that marks it
     * (the last ok before, the first ok after) or the start of the operation that ends it, so only stalls within
     * this of an edge count.
     */
    static final long EDGE_NANOS = 1_000_000_000L;

    /** The stalls from just before an outage to just after it. */
    private static List<Stalls.Stall> around(SloInput in, Outage o) {
        List<long[]> e = edges(in, o);
        return in.stalls().overlapping(e.get(0)[0], e.get(e.size() - 1)[1]);
    }

    /** How far stalls could have moved an outage's measured length: the time they cover near its edges. */
    private static double uncertaintyMs(SloInput in, Outage o) {
        long covered = 0;
        for (long[] e : edges(in, o)) {
            covered += in.stalls().coveredNanos(e[0], e[1]);
        }
        return covered / 1e6;
    }

    /**
     * The latency of the ok {@code op} that completed at {@code completeMs} (an outage's edge): what it did took
     * effect somewhere in that time, so the edge is known only that precisely. A saturated stack (queued
     * requests, seconds of latency) cannot give ground truth.
     */
    private static double edgeLatencyMs(SloInput in, String op, double completeMs) {
        var ops = in.history().operations();
        int f = ops.symbolId(op);
        long at = Math.round(completeMs * 1e6);
        for (int i = 0; i < ops.size(); i++) {
            if (f >= 0 && ops.f(i) == f && ops.isOk(i) && Math.abs(ops.completeNanos(i) - at) < 1_000) {
                return (ops.completeNanos(i) - ops.invokeNanos(i)) / 1e6;
            }
        }
        return 0;
    }

    /** The time stalls cover from just before an outage to just after it: how much longer they may have made it. */
    private static double spanUncertaintyMs(SloInput in, Outage o) {
        List<long[]> e = edges(in, o);
        return in.stalls().coveredNanos(e.get(0)[0], e.get(e.size() - 1)[1]) / 1e6;
    }

    private static List<long[]> edges(SloInput in, Outage o) {
        long start = (long) (o.startMs() * 1e6);
        long fault = (long) (o.faultStartMs() * 1e6);
        List<long[]> edges = new java.util.ArrayList<>();
        edges.add(new long[] {Math.min(start, fault) - EDGE_NANOS, Math.max(start, fault) + EDGE_NANOS});
        if (o.recovered()) {
            long end = (long) (o.endMs() * 1e6);
            edges.add(new long[] {Math.max(edges.get(0)[1], end - EDGE_NANOS), end + EDGE_NANOS});
        } else {
            edges.add(new long[] {Math.max(edges.get(0)[1], in.history().endNanos() - EDGE_NANOS),
                    in.history().endNanos()});
        }
        return edges;
    }

    private static double dev(Outage o, Duration expected) {
        return o.recovered() ? o.durationMs() - expected.toNanos() / 1e6 : Double.POSITIVE_INFINITY;
    }

    /** Availability (ok / (ok + fail)) of all client operations is at least {@code fraction}. */
    public static Slo availabilityAtLeast(double fraction) {
        return availabilityAtLeast(null, fraction);
    }

    /** Availability (ok / (ok + fail)) of {@code op} (null: all) is at least {@code fraction}; info is left out. */
    public static Slo availabilityAtLeast(String op, double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("availability must be a fraction 0..1 (0.99 = 99 %), was " + fraction);
        }
        String name = (op == null ? "overall" : op) + " availability";
        String expected = String.format(Locale.ROOT, "≥ %.3f %%", fraction * 100);
        return of(name, expected, in -> {
            double a = Measures.availability(in.history(), op);
            if (Double.isNaN(a)) {
                return new SloVerdict(name, expected, "no operations", false,
                        "no completed " + (op == null ? "" : op + " ") + "operations to measure");
            }
            double clean = Measures.availability(in.history(), op, in.stalls());
            String measured = String.format(Locale.ROOT, "%.3f %%", a * 100);
            if (a >= fraction) {
                return verdict(name, expected, measured, true, "");
            }
            if (!Double.isNaN(clean) && clean >= fraction) {
                return SloVerdict.inconclusive(name, expected, measured, String.format(Locale.ROOT,
                        "availability is %.3f %% but %.3f %% without the failures measured while the harness could "
                                + "not keep time: %s", a * 100, clean * 100, in.stalls()));
            }
            return verdict(name, expected, measured, false, String.format(Locale.ROOT,
                    "availability %.3f %% is %.3f points below %.3f %%%s", a * 100, (fraction - a) * 100,
                    fraction * 100, Double.isNaN(clean) || clean == a ? "" : String.format(Locale.ROOT,
                            " (%.3f %% counting only clean time)", clean * 100)));
        });
    }

    /** The 99th percentile latency of ok {@code op} operations (from the intended start) is below {@code bound}. */
    public static Slo p99Below(String op, Duration bound) {
        String name = op + " p99 latency";
        String expected = "< " + bound.toMillis() + " ms";
        return of(name, expected, in -> {
            double p = Measures.percentileMs(in.history(), op, 99);
            if (Double.isNaN(p)) {
                return new SloVerdict(name, expected, "no ok " + op, false, "no ok " + op + " operations to measure");
            }
            double b = bound.toNanos() / 1e6;
            double clean = Measures.percentileMs(in.history(), op, 99, in.stalls());
            String measured = String.format(Locale.ROOT, "%.1f ms", p);
            boolean lagged = in.stalls().all().stream().anyMatch(x -> x.cause().equals("schedule-lag"));
            if (!Double.isNaN(clean) && clean >= b) {
                return verdict(name, expected, measured, false, String.format(Locale.ROOT,
                        "p99 %.1f ms is %.1f ms over the %d ms bound (%.1f ms in clean time)", p, p - b,
                        bound.toMillis(), clean));
            }
            if (p >= b || lagged) {
                return SloVerdict.inconclusive(name, expected, measured, String.format(Locale.ROOT,
                        "p99 is %.1f ms, %s ms without the operations measured while the harness could not keep "
                                + "time (%s)%s", p, Double.isNaN(clean) ? "none left" : String.format(Locale.ROOT,
                                "%.1f", clean), in.stalls(), lagged ? "; a late schedule hides latency" : ""));
            }
            return verdict(name, expected, measured, true, "");
        });
    }

    /** Stale reads come only from the reader pool (replica): none served by the writer (stale-reads checker). */
    public static Slo staleReadsOnlyOnReaderPool() {
        return ResilienceSlos.staleReadsOnlyOnReaderPool();
    }

    /** Sessions made before a fault are still valid after its heal: no 401 (sessions checker); some were checked. */
    public static Slo sessionsSurvive() {
        return ResilienceSlos.sessionsSurvive();
    }

    /**
     * Server-side failures (5xx or no answer) only within {@code awsWindow} (scaled by the time scale) plus
     * {@code slack} after a fault takes effect, e.g. the ALB's unhealthy threshold × interval after an instance
     * dies; none before a fault or after that window.
     */
    public static Slo failuresOnlyWithinAwsEquivalent(Duration awsWindow, Duration slack) {
        return ResilienceSlos.failuresOnlyWithinAwsEquivalent(Objects.requireNonNull(awsWindow, "awsWindow"),
                Objects.requireNonNull(slack, "slack"));
    }

    /** The {@code percentile} (0..100) of the latency of failed {@code op} invoked during a fault is ≤ {@code bound}. */
    public static Slo failFast(String op, double percentile, Duration bound) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + percentile);
        }
        return ResilienceSlos.failFast(op, percentile, Objects.requireNonNull(bound, "bound"));
    }

    /** Every failed {@code op} was answered with HTTP {@code status} within {@code within}: no timeouts, no other status. */
    public static Slo failsClearly(String op, int status, Duration within) {
        return ResilienceSlos.failsClearly(op, status, Objects.requireNonNull(within, "within"));
    }

    /** Every acknowledged job was processed within the scenario's job bound (jobs checker); some were acknowledged. */
    public static Slo noLostJobs() {
        return ResilienceSlos.noLostJobs();
    }

    /**
     * No acknowledged job's work ran more than once (jobs checker, from the app's {@code executions}): SQS
     * delivers at least once, so this holds only for an app that deduplicates; some jobs were acknowledged.
     */
    public static Slo noDuplicateJobs() {
        return ResilienceSlos.noDuplicateJobs();
    }

    /**
     * The failover's recovery point: at most {@code writes} acknowledged writes lost, and the earliest lost one
     * acknowledged at most {@code window} before the primary failed. Reports the lost writes and the RPO in
     * rehearsed and AWS-equivalent time.
     */
    public static Slo rpoAtMost(int writes, Duration window) {
        if (writes < 0) {
            throw new IllegalArgumentException("writes must be ≥ 0, was " + writes);
        }
        return ResilienceSlos.rpoAtMost(writes, Objects.requireNonNull(window, "window"));
    }

    /**
     * From {@code awsAfter} (scaled) after a fault takes effect until its heal, reads are at least
     * {@code minAvailability} available and every ok answer came from one of {@code instances}.
     */
    public static Slo servedOnlyBy(List<String> instances, Duration awsAfter, double minAvailability) {
        if (instances == null || instances.isEmpty()) {
            throw new IllegalArgumentException("name at least one instance, e.g. app-2");
        }
        return ResilienceSlos.servedOnlyBy(List.copyOf(instances), Objects.requireNonNull(awsAfter, "awsAfter"),
                minAvailability);
    }

    /** A custom SLO. */
    public static Slo of(String name, String expected, Function<SloInput, SloVerdict> evaluation) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(evaluation, "evaluation");
        return new Slo() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String expected() {
                return expected;
            }

            @Override
            public SloVerdict evaluate(SloInput input) {
                try {
                    return evaluation.apply(input);
                } catch (RuntimeException e) {
                    return new SloVerdict(name, expected, "error", false, "could not evaluate: " + e);
                }
            }

            @Override
            public String toString() {
                return name + " " + expected;
            }
        };
    }

    private static SloVerdict outageVerdict(String name, String expected, SloInput in, String op, double boundMs,
                                            double timeScale) {
        List<Outage> all = Measures.outages(in.history(), op);
        if (all.isEmpty()) {
            return new SloVerdict(name, expected, "no outage", true, "");
        }
        Outage worst = all.stream().max((a, b) -> Double.compare(len(a), len(b))).orElseThrow();
        if (!worst.recovered()) {
            return new SloVerdict(name, expected, op + " never recovered", false, op + " never completed ok again "
                    + "after fault " + worst.faultId() + " (last ok at " + Math.round(worst.startMs()) + " ms)");
        }
        String measured = timeScale == 1.0 ? describe(worst) : describe(worst) + String.format(Locale.ROOT,
                " (%.0f ms AWS-equivalent)", worst.durationMs() / timeScale);
        for (Outage o : all) {
            // contention anywhere in an outage can lengthen it (the stack's recovery runs starved too)
            double u = spanUncertaintyMs(in, o);
            if (o.durationMs() - u > boundMs) {
                return verdict(name, expected, measured, false, String.format(Locale.ROOT,
                        "%s outage of %.0f ms during %s is %.0f ms over the %.0f ms bound%s", op, o.durationMs(),
                        o.faultId(), o.durationMs() - boundMs, boundMs, u == 0 ? "" : String.format(Locale.ROOT,
                                " (%.0f ms of it the harness could not keep time)", u)));
            }
        }
        for (Outage o : all) {
            // only a stall at an edge can make an outage look shorter than it was
            double u = uncertaintyMs(in, o);
            if (o.durationMs() + u > boundMs) {
                return SloVerdict.inconclusive(name, expected, measured, String.format(Locale.ROOT,
                        "the %s outage during %s measured %.0f ms against a %.0f ms bound, but for %.0f ms around it "
                                + "the harness could not keep time: %s", op, o.faultId(), o.durationMs(), boundMs, u,
                        Stalls.describe(around(in, o))));
            }
        }
        return verdict(name, expected, measured, true, "");
    }

    private static double len(Outage o) {
        return o.recovered() ? o.durationMs() : Double.POSITIVE_INFINITY;
    }

    private static String describe(Outage o) {
        return String.format(Locale.ROOT, "%.0f ms (fault %s window %.0f ms)", o.durationMs(), o.faultId(),
                o.faultDurationMs());
    }

    private static SloVerdict verdict(String name, String expected, String measured, boolean passed, String why) {
        return new SloVerdict(name, expected, measured, passed, passed ? "" : why);
    }

    /** {@code key}'s value in {@code c}, or null when the checker did not run, failed, or did not write it. */
    static <T> T figure(CheckResult c, Figure<T> key) {
        return c == null || c.error() != null ? null : c.figure(key).orElse(null);
    }

    /** A figure the checker writes whenever it writes the one an SLO judges by; its absence is a checker bug. */
    static <T> T required(CheckResult c, Figure<T> key) {
        return c.figure(key).orElseThrow(() -> new IllegalStateException("checker " + c.name() + " wrote no figure '"
                + key.name() + "'"));
    }

    private static SloVerdict unmeasured(String name, String expected, CheckResult c) {
        String why = c == null ? "its checker did not run" : c.error() != null ? c.error() : "its figure is missing";
        return SloVerdict.inconclusive(name, expected, "unknown", "cannot judge: " + why);
    }
}
