package dev.firedrill.harness.report.internal;

import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.History;
import dev.firedrill.harness.history.Operations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;

/** Chart series derived from a history: per-bucket throughput, error rate, latency; replica lag samples. */
public final class Series {
    private static final double[] BUCKETS_S = {0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300};
    private static final int MAX_BUCKETS = 600;

    private Series() {
    }

    /** The smallest bucket (≥ 100 ms) that keeps a run under 600 points. */
    static long bucketNanos(long durationNanos) {
        for (double s : BUCKETS_S) {
            long b = (long) (s * 1e9);
            if (durationNanos / b < MAX_BUCKETS) {
                return b;
            }
        }
        return (long) (BUCKETS_S[BUCKETS_S.length - 1] * 1e9);
    }

    /** uPlot-ready data: x in seconds since run start, one array per series. */
    public static Map<String, Object> of(History history) {
        Operations ops = history.operations();
        long end = history.endNanos();
        long bucket = bucketNanos(end);
        int n = (int) (end / bucket) + 1;
        double[] x = new double[n];
        long[] ok = new long[n], fail = new long[n], info = new long[n];
        Double[] p50 = new Double[n], p99 = new Double[n], max = new Double[n];
        Double[] failedP99 = new Double[n];
        Histogram h = new Histogram(2);
        Histogram failed = new Histogram(2); // fail and completed info: how long a request took to go wrong
        int current = -1;
        for (int i = 0; i < ops.size(); i++) {
            int b = (int) (ops.invokeNanos(i) / bucket);
            if (b != current) {
                flush(h, current, p50, p99, max);
                flush(failed, current, null, failedP99, null);
                current = b;
            }
            long micros = Math.max(1, (ops.completeNanos(i) - ops.invokeNanos(i)) / 1000);
            if (ops.isOk(i)) {
                ok[b]++;
                h.recordValue(micros);
            } else {
                if (ops.isFail(i)) {
                    fail[b]++;
                } else {
                    info[b]++;
                }
                if (ops.completeNanos(i) >= 0) {
                    failed.recordValue(micros);
                }
            }
        }
        flush(h, current, p50, p99, max);
        flush(failed, current, null, failedP99, null);
        double perSecond = 1e9 / bucket;
        List<Object> okRate = new ArrayList<>(), failRate = new ArrayList<>(), infoRate = new ArrayList<>();
        List<Object> errPct = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            x[b] = round(b * bucket / 1e9);
            okRate.add(round(ok[b] * perSecond));
            failRate.add(round(fail[b] * perSecond));
            infoRate.add(round(info[b] * perSecond));
            long total = ok[b] + fail[b] + info[b];
            errPct.add(total == 0 ? null : round(100.0 * (fail[b] + info[b]) / total));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bucketSeconds", bucket / 1e9);
        m.put("x", x);
        m.put("okPerSecond", okRate);
        m.put("failPerSecond", failRate);
        m.put("infoPerSecond", infoRate);
        m.put("errorPercent", errPct);
        m.put("latencyP50Ms", java.util.Arrays.asList((Object[]) p50));
        m.put("latencyP99Ms", java.util.Arrays.asList((Object[]) p99));
        m.put("latencyMaxMs", java.util.Arrays.asList((Object[]) max));
        m.put("latencyFailedP99Ms", java.util.Arrays.asList((Object[]) failedP99));
        m.put("replicaLag", lag(history));
        m.put("harnessPause", samples(history, "harness_pause_ms", "schedule_lag_ms"));
        m.put("machine", samples(history, "cpu_pressure_pct", "cpu_foreign_pct", "load_1m", "cpu_steal_pct"));
        return m;
    }

    private static void flush(Histogram h, int b, Double[] p50, Double[] p99, Double[] max) {
        if (b >= 0 && h.getTotalCount() > 0) {
            if (p50 != null) {
                p50[b] = round(h.getValueAtPercentile(50) / 1000.0);
            }
            p99[b] = round(h.getValueAtPercentile(99) / 1000.0);
            if (max != null) {
                max[b] = round(h.getMaxValue() / 1000.0);
            }
        }
        h.reset();
    }

    /** Replica lag in seconds per target, aligned on the union of sample times. */
    private static Map<String, Object> lag(History history) {
        TreeSet<Double> times = new TreeSet<>();
        Map<String, Map<Double, Double>> byTarget = new TreeMap<>();
        for (Event e : history.samples("replica_lag_seconds")) {
            double t = round(e.nanos() / 1e9);
            times.add(t);
            byTarget.computeIfAbsent(String.valueOf(e.target()), k -> new TreeMap<>()).put(t, e.number());
        }
        return aligned(times, byTarget);
    }

    /** One series per metric (harness health, machine load), aligned on the union of sample times. */
    private static Map<String, Object> samples(History history, String... metrics) {
        TreeSet<Double> times = new TreeSet<>();
        Map<String, Map<Double, Double>> byMetric = new LinkedHashMap<>();
        for (String metric : metrics) {
            Map<Double, Double> values = new TreeMap<>();
            for (Event e : history.samples(metric)) {
                double t = round(e.nanos() / 1e9);
                times.add(t);
                values.merge(t, e.number(), Math::max);
            }
            if (!values.isEmpty()) {
                byMetric.put(metric, values);
            }
        }
        return aligned(times, byMetric);
    }

    private static Map<String, Object> aligned(TreeSet<Double> times, Map<String, Map<Double, Double>> byTarget) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x", new ArrayList<>(times));
        Map<String, Object> series = new LinkedHashMap<>();
        byTarget.forEach((target, values) -> {
            List<Object> ys = new ArrayList<>();
            for (Double t : times) {
                Double v = values.get(t);
                ys.add(v == null || v.isNaN() ? null : v);
            }
            series.put(target, ys);
        });
        m.put("series", series);
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
