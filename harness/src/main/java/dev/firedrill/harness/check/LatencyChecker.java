package dev.firedrill.harness.check;

import dev.firedrill.harness.check.internal.Figures;
import dev.firedrill.harness.history.Operations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Latency (completion − invocation) per operation class with HdrHistogram: p50/p90/p99/p99.9/max overall and
 * per 1 s bucket of invocation time, in milliseconds, with ok, failed and indeterminate operations as separate
 * series. Operations that never completed are only counted. Whether coordinated omission was avoided depends on
 * the workload recording the <em>intended</em> start time as the invocation (open model). Always valid.
 */
public final class LatencyChecker implements Checker {
    /** This checker's {@link #name()}: its key among a run's checks and in result.json. */
    public static final String NAME = "latency";
    public static final Figure<String> UNIT = Figure.text("unit");
    public static final Figure<Long> BUCKET_MS = Figure.count("bucketMs");
    /** Operation class → overall and per-second percentiles. */
    public static final Figure<Map<String, Object>> CLASSES = Figure.map("classes");

    private static final long BUCKET_NANOS = 1_000_000_000L;
    private static final String[] SERIES = {"ok", "fail", "info"};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(CheckInput input) {
        Operations ops = input.history().operations();
        Map<Integer, ClassState> classes = new TreeMap<>();
        ClassState[] byF = new ClassState[0];
        for (int i = 0; i < ops.size(); i++) {
            int f = ops.f(i);
            if (f >= byF.length) {
                byF = java.util.Arrays.copyOf(byF, Math.max(f + 1, byF.length * 2));
            }
            ClassState s = byF[f];
            if (s == null) {
                s = new ClassState();
                byF[f] = s;
                classes.put(f, s);
            }
            long done = ops.completeNanos(i);
            if (done < 0) {
                s.incomplete++;
                continue;
            }
            int series = ops.isOk(i) ? 0 : ops.isFail(i) ? 1 : 2;
            long micros = Math.max(1, (done - ops.invokeNanos(i)) / 1000);
            s.record(series, ops.invokeNanos(i) / BUCKET_NANOS, micros);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        classes.forEach((f, s) -> out.put(ops.symbol(f), s.figures()));
        Map<String, Object> fig = new LinkedHashMap<>();
        UNIT.put(fig, "ms");
        BUCKET_MS.put(fig, BUCKET_NANOS / 1_000_000);
        CLASSES.put(fig, out);
        return CheckResult.of(name(), Verdict.VALID, fig, List.of());
    }

    /** Overall and current-bucket histograms of one operation class. */
    private static final class ClassState {
        final Histogram[] overall = new Histogram[3];
        final Histogram[] bucket = new Histogram[3];
        final long[] current = {-1, -1, -1};
        final List<List<Object>>[] perSecond = newLists();
        long incomplete;

        @SuppressWarnings("unchecked")
        private static List<List<Object>>[] newLists() {
            return new List[] {new ArrayList<>(), new ArrayList<>(), new ArrayList<>()};
        }

        void record(int series, long second, long micros) {
            if (overall[series] == null) {
                overall[series] = new Histogram(3);
                bucket[series] = new Histogram(2);
            }
            overall[series].recordValue(micros);
            if (current[series] != second) {
                flush(series);
                current[series] = second;
            }
            bucket[series].recordValue(micros);
        }

        void flush(int series) {
            Histogram h = bucket[series];
            if (current[series] >= 0 && h.getTotalCount() > 0) {
                perSecond[series].add(List.of(current[series], h.getTotalCount(), ms(h.getValueAtPercentile(50)),
                        ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue())));
            }
            h.reset();
        }

        Map<String, Object> figures() {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int s = 0; s < 3; s++) {
                if (overall[s] == null) {
                    continue;
                }
                flush(s);
                Histogram h = overall[s];
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("count", h.getTotalCount());
                e.put("p50Ms", ms(h.getValueAtPercentile(50)));
                e.put("p90Ms", ms(h.getValueAtPercentile(90)));
                e.put("p99Ms", ms(h.getValueAtPercentile(99)));
                e.put("p999Ms", ms(h.getValueAtPercentile(99.9)));
                e.put("maxMs", ms(h.getMaxValue()));
                e.put("perSecondColumns", List.of("second", "count", "p50Ms", "p90Ms", "p99Ms", "maxMs"));
                e.put("perSecond", perSecond[s]);
                m.put(SERIES[s], e);
            }
            m.put("incomplete", incomplete);
            return m;
        }

        private static double ms(long micros) {
            return Figures.round3(micros / 1000.0);
        }
    }
}
