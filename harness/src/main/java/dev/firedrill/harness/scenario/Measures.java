package dev.firedrill.harness.scenario;

import dev.firedrill.harness.history.Stalls;
import dev.firedrill.harness.history.FaultWindow;
import dev.firedrill.harness.history.History;
import dev.firedrill.harness.history.Operations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Figures computed straight from a history, on exact event times: outages per fault, availability and latency
 * percentiles of an operation class. Pure; SLOs and assertions use these.
 */
public final class Measures {
    private Measures() {
    }

    /** One outage of {@code op} per fault window, in fault order. */
    public static List<Outage> outages(History history, String op) {
        Operations ops = history.operations();
        int f = ops.symbolId(op);
        List<Long> okTimes = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (f >= 0 && ops.f(i) == f && ops.isOk(i)) {
                okTimes.add(ops.completeNanos(i));
            }
        }
        long[] ok = okTimes.stream().mapToLong(Long::longValue).sorted().toArray();
        List<Outage> out = new ArrayList<>();
        for (FaultWindow w : history.faults()) {
            long from = w.effectiveNanos() >= 0 ? w.effectiveNanos() : w.requestedNanos();
            long to = w.healedNanos();
            // gaps between consecutive ok completions (the run start opens the first, "never" closes the last)
            long bestStart = -1;
            long bestEnd = -1;
            long prev = 0;
            for (int i = 0; i <= ok.length; i++) {
                long cur = i < ok.length ? ok[i] : Long.MAX_VALUE;
                if (prev > to) {
                    break;
                }
                if (cur >= from && (bestStart < 0 || cur - prev > bestEnd - bestStart)) {
                    bestStart = prev;
                    bestEnd = cur;
                }
                prev = cur;
            }
            boolean recovered = bestEnd != Long.MAX_VALUE;
            if (bestStart < 0) {
                continue;
            }
            double firstFail = firstFailure(ops, f, bestStart, bestEnd);
            out.add(new Outage(w.faultId(), op, from / 1e6, to / 1e6, bestStart / 1e6,
                    recovered ? bestEnd / 1e6 : Double.NaN, firstFail));
        }
        return List.copyOf(out);
    }

    private static double firstFailure(Operations ops, int f, long from, long to) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < ops.size(); i++) {
            if (ops.f(i) == f && !ops.isOk(i) && ops.invokeNanos(i) >= from && ops.invokeNanos(i) <= to) {
                best = Math.min(best, ops.invokeNanos(i));
            }
        }
        return best == Long.MAX_VALUE ? Double.NaN : best / 1e6;
    }

    /** ok / (ok + fail) of {@code op} (null: all client operations); info is left out. NaN when none. */
    public static double availability(History history, String op) {
        return availability(history, op, Stalls.none());
    }

    /**
     * As {@link #availability(History, String)}, leaving out the failures measured while the harness could not
     * keep time ({@code stalls}): what availability was in clean time.
     */
    public static double availability(History history, String op, Stalls stalls) {
        Operations ops = history.operations();
        int f = op == null ? -2 : ops.symbolId(op);
        long ok = 0;
        long fail = 0;
        for (int i = 0; i < ops.size(); i++) {
            if (f == -2 || ops.f(i) == f) {
                if (ops.isOk(i)) {
                    ok++;
                } else if (ops.isFail(i) && !stalls.taints(ops.invokeNanos(i), end(ops, i, history))) {
                    fail++;
                }
            }
        }
        return ok + fail == 0 ? Double.NaN : (double) ok / (ok + fail);
    }

    /** As {@link #percentileMs(History, String, double)}, over the operations measured in clean time only. */
    public static double percentileMs(History history, String op, double percentile, Stalls stalls) {
        Operations ops = history.operations();
        int f = ops.symbolId(op);
        long[] lat = new long[ops.size()];
        int n = 0;
        for (int i = 0; i < ops.size(); i++) {
            if (f >= 0 && ops.f(i) == f && ops.isOk(i) && !stalls.taints(ops.invokeNanos(i), ops.completeNanos(i))) {
                lat[n++] = ops.completeNanos(i) - ops.invokeNanos(i);
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(lat, 0, n);
        int idx = (int) Math.ceil(percentile / 100.0 * n) - 1;
        return lat[Math.max(0, Math.min(n - 1, idx))] / 1e6;
    }

    /** Completion time of operation {@code i}, or the end of the history for one that never completed. */
    static long end(Operations ops, int i, History h) {
        long c = ops.completeNanos(i);
        return c < 0 ? h.endNanos() : c;
    }

    /** The given percentile (0..100) of ok latencies of {@code op} in ms (invoke → completion); NaN for none. */
    public static double percentileMs(History history, String op, double percentile) {
        return percentileMs(history, op, percentile, Stalls.none());
    }
}
