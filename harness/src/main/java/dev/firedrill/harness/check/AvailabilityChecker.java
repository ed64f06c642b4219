package dev.firedrill.harness.check;

import dev.firedrill.harness.check.internal.Figures;
import dev.firedrill.harness.check.internal.OpIndex;
import dev.firedrill.harness.history.FaultWindow;
import dev.firedrill.harness.history.Operations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Availability = ok / (ok + fail) of operations by invocation time; indeterminate ({@code info}) operations are
 * counted separately and never as failed or succeeded. Reported for the whole run and, per fault, before
 * (since the previous heal), during (requested..healed) and after (until the next fault). Errors are counted by
 * HTTP status ({@code "none"} when there was no response). A measurement: always valid; SLOs judge the figures.
 */
public final class AvailabilityChecker implements Checker {
    /** This checker's {@link #name()}: its key among a run's checks and in result.json. */
    public static final String NAME = "availability";
    /** Availability of the whole run, also by operation. */
    public static final Figure<Map<String, Object>> OVERALL = Figure.map("overall");
    /** Fault id → before, during and after. */
    public static final Figure<Map<String, Object>> PER_FAULT = Figure.map("perFault");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(CheckInput input) {
        Operations ops = input.history().operations();
        List<FaultWindow> faults = input.history().faults();
        long end = input.history().endNanos() + 1;
        Map<String, Object> fig = new LinkedHashMap<>();
        OVERALL.put(fig, phase(ops, 0, end));
        Map<String, Object> perFault = new LinkedHashMap<>();
        long prevHeal = 0;
        for (int i = 0; i < faults.size(); i++) {
            FaultWindow w = faults.get(i);
            long next = i + 1 < faults.size() ? Math.max(w.healedNanos(), faults.get(i + 1).requestedNanos()) : end;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", w.kind());
            m.put("target", w.target());
            m.put("before", phase(ops, Math.min(prevHeal, w.requestedNanos()), w.requestedNanos()));
            m.put("during", phase(ops, w.requestedNanos(), w.healedNanos()));
            m.put("after", phase(ops, w.healedNanos(), next));
            perFault.put(w.faultId(), m);
            prevHeal = w.healedNanos();
        }
        PER_FAULT.put(fig, perFault);
        return CheckResult.of(name(), Verdict.VALID, fig, List.of());
    }

    /** Figures for operations invoked in [from, to). */
    private static Map<String, Object> phase(Operations ops, long from, long to) {
        long ok = 0, fail = 0, info = 0;
        Map<String, long[]> byOp = new TreeMap<>();
        Map<String, Long> errors = new TreeMap<>();
        for (int i = OpIndex.firstInvokedAtOrAfter(ops, from); i < ops.size() && ops.invokeNanos(i) < to; i++) {
            int f = ops.f(i);
            long[] c = byOp.computeIfAbsent(ops.symbol(f), k -> new long[3]);
            if (ops.isOk(i)) {
                ok++;
                c[0]++;
            } else {
                if (ops.isFail(i)) {
                    fail++;
                    c[1]++;
                } else {
                    info++;
                    c[2]++;
                }
                int st = ops.status(i);
                errors.merge(st == 0 ? "none" : Integer.toString(st), 1L, Long::sum);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fromMs", Figures.ms(from));
        m.put("toMs", Figures.ms(to));
        m.put("ok", ok);
        m.put("fail", fail);
        m.put("info", info);
        m.put("availability", Figures.ratio(ok, ok + fail));
        m.put("errorsByStatus", errors);
        Map<String, Object> ops2 = new LinkedHashMap<>();
        byOp.forEach((k, c) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("ok", c[0]);
            e.put("fail", c[1]);
            e.put("info", c[2]);
            e.put("availability", Figures.ratio(c[0], c[0] + c[1]));
            ops2.put(k, e);
        });
        m.put("byOp", ops2);
        return m;
    }
}
