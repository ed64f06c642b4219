package dev.firedrill.harness.check;

import dev.firedrill.harness.check.internal.Figures;
import dev.firedrill.harness.check.internal.OpIndex;
import dev.firedrill.harness.history.FaultWindow;
import dev.firedrill.harness.history.Operations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recovery per operation class and per fault window, on exact event times (no buckets). For each fault, from its
 * request to the next fault's request (or the end of the history):
 * <ul>
 *   <li>{@code firstFailureMs}: fault start → invocation of the first operation not served (see
 *   {@code recoveryMs} for "served");</li>
 *   <li>{@code firstOkMs}: fault start → completion of the first served operation invoked after that failure;</li>
 *   <li>{@code recoveryMs}: fault start → the moment the success rate over the trailing 1 s (operations by
 *   invocation time, served / completed, where served = ok or a 4xx answer other than 408/429, see
 *   {@link Operations#isServed}: a version conflict is the service working) is back to ≥ 99 % for good; 0 when
 *   it never dropped; null when it never came back;</li>
 *   <li>{@code longestGapMs}: longest interval without an ok completion inside the window;</li>
 *   <li>{@code outage}: the longest interval without an ok completion that overlaps [requested, healed].</li>
 * </ul>
 * Invalid when a class that was hurt never recovered after a healed fault.
 */
public final class RecoveryChecker implements Checker {
    /** This checker's {@link #name()}: its key among a run's checks and in result.json. */
    public static final String NAME = "recovery";
    public static final Figure<String> RESOLUTION = Figure.text("resolution");
    public static final Figure<Long> SUCCESS_WINDOW_MS = Figure.count("successWindowMs");
    public static final Figure<Double> SUCCESS_THRESHOLD = Figure.number("successThreshold");
    /** Fault windows. */
    public static final Figure<Long> FAULTS = Figure.count("faults");
    public static final Figure<Double> MAX_RECOVERY_MS = Figure.number("maxRecoveryMs");
    public static final Figure<Double> MAX_OUTAGE_MS = Figure.number("maxOutageMs");
    /** Operation classes that never recovered after a fault. */
    public static final Figure<Long> NOT_RECOVERED = Figure.count("notRecovered");
    /** Fault id → kind, target, requestedMs, healedMs and classes. */
    public static final Figure<Map<String, Object>> PER_FAULT = Figure.map("perFault");

    private static final long WINDOW_NANOS = 1_000_000_000L;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(CheckInput input) {
        Operations ops = input.history().operations();
        List<FaultWindow> faults = input.history().faults();
        long end = input.history().endNanos();
        int[][] byF = OpIndex.rowsByF(ops);
        long[][] okTimes = new long[byF.length][];
        for (int f = 0; f < byF.length; f++) {
            if (byF[f] != null) {
                okTimes[f] = okCompletions(ops, byF[f]);
            }
        }
        Map<String, Object> perFault = new LinkedHashMap<>();
        List<String> examples = new ArrayList<>();
        boolean invalid = false;
        double maxRecovery = 0, maxOutage = 0;
        int notRecovered = 0;
        for (int fi = 0; fi < faults.size(); fi++) {
            FaultWindow w = faults.get(fi);
            long horizon = end;
            if (fi + 1 < faults.size() && faults.get(fi + 1).requestedNanos() >= w.healedNanos()) {
                horizon = faults.get(fi + 1).requestedNanos();
            }
            Map<String, Object> classes = new LinkedHashMap<>();
            for (int f = 0; f < byF.length; f++) {
                if (byF[f] == null) {
                    continue;
                }
                Map<String, Object> c = classFigures(ops, byF[f], okTimes[f], w, horizon, end);
                if (c == null) {
                    continue;
                }
                String cls = ops.symbol(f);
                classes.put(cls, c);
                Object rec = c.get("recoveryMs");
                @SuppressWarnings("unchecked")
                Map<String, Object> outage = (Map<String, Object>) c.get("outage");
                double outageMs = (double) outage.get("durationMs");
                maxOutage = Math.max(maxOutage, outageMs);
                if (rec == null) {
                    notRecovered++;
                    if (w.healed()) {
                        invalid = true;
                        examples.add("fault " + w.faultId() + " (" + w.kind() + " " + w.target() + "): " + cls
                                + " never got back to 99% success after heal");
                    }
                } else {
                    maxRecovery = Math.max(maxRecovery, (double) rec);
                }
                if (outageMs > 0) {
                    examples.add("fault " + w.faultId() + " (" + w.kind() + " " + w.target() + "): " + cls
                            + " had no ok for " + outageMs + " ms from " + outage.get("startMs") + " ms");
                }
            }
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("kind", w.kind());
            fm.put("target", w.target());
            fm.put("requestedMs", Figures.ms(w.requestedNanos()));
            fm.put("healedMs", w.healed() ? Figures.ms(w.healedNanos()) : null);
            fm.put("classes", classes);
            perFault.put(w.faultId(), fm);
        }
        Map<String, Object> fig = new LinkedHashMap<>();
        RESOLUTION.put(fig, "exact event times");
        SUCCESS_WINDOW_MS.put(fig, WINDOW_NANOS / 1_000_000);
        SUCCESS_THRESHOLD.put(fig, 0.99);
        FAULTS.put(fig, (long) faults.size());
        MAX_RECOVERY_MS.put(fig, Figures.round3(maxRecovery));
        MAX_OUTAGE_MS.put(fig, Figures.round3(maxOutage));
        NOT_RECOVERED.put(fig, (long) notRecovered);
        PER_FAULT.put(fig, perFault);
        return CheckResult.of(name(), invalid ? Verdict.INVALID : Verdict.VALID, fig, examples);
    }

    private static long[] okCompletions(Operations ops, int[] rows) {
        int n = 0;
        for (int r : rows) {
            if (ops.isOk(r)) {
                n++;
            }
        }
        long[] t = new long[n];
        int j = 0;
        for (int r : rows) {
            if (ops.isOk(r)) {
                t[j++] = ops.completeNanos(r);
            }
        }
        Arrays.sort(t);
        return t;
    }

    private static Map<String, Object> classFigures(Operations ops, int[] rows, long[] ok, FaultWindow w,
                                                    long horizon, long end) {
        long start = w.requestedNanos();
        int a = firstRowAtOrAfter(ops, rows, start);
        if (a >= rows.length || ops.invokeNanos(rows[a]) >= horizon) {
            return null; // no traffic of this class in the window
        }
        Map<String, Object> c = new LinkedHashMap<>();
        int firstFail = -1;
        for (int i = a; i < rows.length && ops.invokeNanos(rows[i]) < horizon; i++) {
            if (!ops.isServed(rows[i]) && ops.completeNanos(rows[i]) >= 0) {
                firstFail = i;
                break;
            }
        }
        Double firstOkMs = null;
        if (firstFail >= 0) {
            for (int i = firstFail + 1; i < rows.length && ops.invokeNanos(rows[i]) < horizon; i++) {
                if (ops.isServed(rows[i])) {
                    firstOkMs = Figures.ms(ops.completeNanos(rows[i]) - start);
                    break;
                }
            }
        }
        c.put("firstFailureMs", firstFail < 0 ? null : Figures.ms(ops.invokeNanos(rows[firstFail]) - start));
        if (firstFail < 0) {
            c.put("firstOkMs", 0.0);
        } else {
            c.put("firstOkMs", firstOkMs);
        }
        long rec = recovery(ops, rows, start, horizon);
        c.put("recoveryMs", rec < 0 ? null : Figures.ms(rec));
        c.put("longestGapMs", Figures.ms(longestGap(ok, start, horizon)));
        c.put("outage", outage(ok, w.requestedNanos(), w.healedNanos(), end));
        return c;
    }

    /** Nanos from start until the trailing-1s success rate is ≥ 99 % for good; 0 if never below; -1 if never back. */
    private static long recovery(Operations ops, int[] rows, long start, long horizon) {
        int n = rows.length;
        int ia = firstRowAtOrAfter(ops, rows, start);
        int ib = firstRowAtOrAfter(ops, rows, start - WINDOW_NANOS);
        int hi = ib;
        int lo = ib;
        long okIn = 0, doneIn = 0;
        boolean sawBad = false;
        long recoveredAt = -1;
        long t = start;
        while (t <= horizon) {
            while (hi < n && ops.invokeNanos(rows[hi]) <= t) {
                int r = rows[hi++];
                if (ops.completeNanos(r) >= 0) {
                    doneIn++;
                    okIn += ops.isServed(r) ? 1 : 0;
                }
            }
            while (lo < hi && ops.invokeNanos(rows[lo]) <= t - WINDOW_NANOS) {
                int r = rows[lo++];
                if (ops.completeNanos(r) >= 0) {
                    doneIn--;
                    okIn -= ops.isServed(r) ? 1 : 0;
                }
            }
            if (doneIn > 0) {
                if (okIn * 100 < doneIn * 99) {
                    sawBad = true;
                    recoveredAt = -1;
                } else if (sawBad && recoveredAt < 0) {
                    recoveredAt = t;
                }
            }
            // next change point: an operation enters (invoke) or leaves (invoke + window) the window
            while (ia < n && ops.invokeNanos(rows[ia]) <= t) {
                ia++;
            }
            while (ib < n && ops.invokeNanos(rows[ib]) + WINDOW_NANOS <= t) {
                ib++;
            }
            long next = Long.MAX_VALUE;
            if (ia < n) {
                next = ops.invokeNanos(rows[ia]);
            }
            if (ib < n) {
                next = Math.min(next, ops.invokeNanos(rows[ib]) + WINDOW_NANOS);
            }
            if (next == Long.MAX_VALUE) {
                break;
            }
            t = next;
        }
        if (!sawBad) {
            return 0;
        }
        return recoveredAt < 0 ? -1 : recoveredAt - start;
    }

    private static long longestGap(long[] ok, long from, long to) {
        int i = lowerBound(ok, from);
        long prev = from;
        long max = 0;
        for (; i < ok.length && ok[i] < to; i++) {
            max = Math.max(max, ok[i] - prev);
            prev = ok[i];
        }
        return Math.max(max, to - prev);
    }

    /** Longest gap between consecutive ok completions (run start and end as bounds) overlapping [req, healed]. */
    private static Map<String, Object> outage(long[] ok, long req, long healed, long end) {
        int n = ok.length;
        long bestStart = 0, bestEnd = 0;
        for (int j = upperBound(ok, req); j <= n; j++) {
            long from = j == 0 ? 0 : ok[j - 1];
            long to = j < n ? ok[j] : end;
            if (from >= healed) {
                break;
            }
            if (to - from > bestEnd - bestStart) {
                bestStart = from;
                bestEnd = to;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("startMs", Figures.ms(bestStart));
        m.put("endMs", Figures.ms(bestEnd));
        m.put("durationMs", Figures.ms(bestEnd - bestStart));
        return m;
    }

    private static int upperBound(long[] a, long v) {
        int lo = 0, hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int lowerBound(long[] a, long v) {
        int lo = 0, hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int firstRowAtOrAfter(Operations ops, int[] rows, long nanos) {
        int lo = 0, hi = rows.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ops.invokeNanos(rows[mid]) < nanos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
