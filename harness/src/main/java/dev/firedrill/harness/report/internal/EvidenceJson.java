package dev.firedrill.harness.report.internal;

import dev.firedrill.harness.fault.Targets;
import dev.firedrill.harness.history.FaultWindow;
import dev.firedrill.harness.net.FlowRecord;
import dev.firedrill.harness.report.Evidence;
import dev.firedrill.harness.report.RunReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code evidence} section of result.json: counts (spans, traces, flow records, REJECTs, operations sent
 * with a trace id) and per fault what it hit on the picture, the trace ids of its failed requests and the
 * flow-log lines around its window (the same selection as the page).
 */
final class EvidenceJson {
    private EvidenceJson() {
    }

    static Map<String, Object> of(RunReport r) {
        Evidence ev = r.evidence();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spans", ev.spans().size());
        m.put("traces", ev.spans().stream().map(s -> s.traceId()).distinct().count());
        m.put("flows", ev.flows().size());
        m.put("flowRejects", ev.flows().stream().filter(f -> f.action().equals("REJECT")).count());
        var ops = r.history().operations();
        int traced = 0;
        for (int op = 0; op < ops.size(); op++) {
            if (ops.trace(op) != null) {
                traced++;
            }
        }
        m.put("tracedOperations", traced);
        Targets targets = ev.topology() == null ? null : Targets.of(ev.topology());
        TraceJoin join = new TraceJoin(ops, ev, r.history().endNanos());
        List<Object> faults = new ArrayList<>();
        for (FaultWindow w : r.history().faults()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("id", w.faultId());
            if (targets != null) {
                FaultHits h = FaultHits.of(w, targets);
                Map<String, Object> hit = new LinkedHashMap<>();
                hit.put("components", new TreeSet<>(h.components()));
                hit.put("edges", new TreeSet<>(h.edges()));
                hit.put("azs", new TreeSet<>(h.azs()));
                hit.put("unplaced", h.unplaced());
                f.put("hit", hit);
            }
            List<String> failed = join.failedTraces(w);
            f.put("failedTraces", failed.size() > 50 ? failed.subList(0, 50) : failed);
            f.put("failedTracesOmitted", Math.max(0, failed.size() - 50));
            FlowLog.Window fw = FlowLog.around(w, ev.flows(), ev.historyZeroEpochNanos());
            List<String> lines = new ArrayList<>();
            for (FlowRecord rec : fw.records()) {
                lines.add(FlowLog.text(rec, ev.historyZeroEpochNanos()));
            }
            f.put("flowLines", lines);
            f.put("flowLinesOmitted", fw.omitted());
            faults.add(f);
        }
        m.put("faults", faults);
        return m;
    }
}
