package dev.firedrill.harness.report.internal;

import static dev.firedrill.harness.report.internal.TopologySvg.esc;

import dev.firedrill.harness.history.FaultWindow;
import dev.firedrill.harness.report.Evidence;
import dev.firedrill.harness.report.RunReport;
import dev.firedrill.harness.report.internal.TraceJoin.Request;
import java.util.List;

/**
 * The sections of index.html that explain a verdict, rendered here rather than in the page's script so that
 * they are plain, testable markup: {@link #top} (the topology picture with the faults, the per-instance
 * timelines) and {@link #detail} (per fault window: the failed and slowest requests with their trace waterfalls
 * and the connections of their failed calls, then the flow-log lines around the window).
 */
public final class EvidenceHtml {
    private EvidenceHtml() {
    }

    public static String top(RunReport r) {
        Evidence ev = r.evidence();
        List<FaultWindow> faults = r.history().faults();
        StringBuilder s = new StringBuilder(32_768);
        s.append("<div id=\"evidence-top\">\n<h2 id=\"topology-and-faults\">Topology and faults</h2>\n");
        if (ev.topology() == null) {
            s.append("<p class=\"legend-note\">no topology in this report (a report of a bare history): nothing to "
                    + "draw</p>\n");
        } else {
            s.append("<p class=\"legend-note\">Drawn from the topology that ran. Each fault is drawn where it hit: an "
                    + "outlined component with its badge, a dashed edge with a cross (partition, toxic), a hatched AZ "
                    + "(AZ outage). Times are as rehearsed, then AWS-equivalent (rehearsed / timeScale ")
                    .append(r.timeScale()).append(").</p>\n<div class=\"picture\">")
                    .append(TopologySvg.render(ev.topology(), faults, r.timeScale())).append("</div>\n");
        }
        s.append("<h2>Instances over time</h2>\n<div class=\"picture\">")
                .append(InstanceLanes.render(r.history(), ev.topology(), faults)).append("</div>\n</div>\n");
        return s.toString();
    }

    public static String detail(RunReport r) {
        Evidence ev = r.evidence();
        List<FaultWindow> faults = r.history().faults();
        StringBuilder s = new StringBuilder(32_768);
        s.append("<h2>Requests during faults</h2>\n<p class=\"legend-note\">Per fault window, up to ")
                .append(TraceJoin.FAILED_PER_FAULT).append(" failed requests (those with a kept trace first) and the ")
                .append(TraceJoin.SLOWEST_PER_FAULT).append(" slowest that succeeded, joined to their trace by the "
                        + "trace id the workload sent in <code>traceparent</code>. ").append(ev.spans().size())
                .append(" spans kept in all. Under a failed call: its connections in the flow log.</p>\n");
        TraceJoin join = new TraceJoin(r.history().operations(), ev, r.history().endNanos());
        for (int i = 0; i < faults.size(); i++) {
            FaultWindow w = faults.get(i);
            s.append("<section class=\"fault-requests\" data-fault=\"").append(esc(w.faultId())).append("\"><h3>")
                    .append(esc(TopologySvg.label(w, r.timeScale()))).append("</h3>\n");
            List<Request> reqs = join.requests(w);
            if (reqs.isEmpty()) {
                s.append("<p class=\"legend-note\">no request was invoked in this window</p>\n");
            }
            for (Request q : reqs) {
                s.append(Waterfall.render(q, ev.historyZeroEpochNanos()));
            }
            s.append("</section>\n");
        }
        if (faults.isEmpty()) {
            s.append("<p class=\"legend-note\">no faults injected</p>\n");
        }
        s.append("<h2>Flow log around each fault</h2>\n<p class=\"legend-note\">Connections open from 2 s before a "
                + "fault was requested to 2 s after it healed, as VPC Flow Logs v2 lines (version account-id "
                + "interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status), "
                + "then the edge and why it was rejected or how it ended. REJECTs in red, connections a fault cut or "
                + "left unanswered in amber. ").append(ev.flows().size()).append(" flow records in all.</p>\n");
        for (FaultWindow w : faults) {
            FlowLog.Window fw = FlowLog.around(w, ev.flows(), ev.historyZeroEpochNanos());
            s.append("<section class=\"fault-flows\" data-fault=\"").append(esc(w.faultId())).append("\"><h3>")
                    .append(esc(TopologySvg.label(w, r.timeScale()))).append("</h3>\n");
            if (fw.records().isEmpty()) {
                s.append("<p class=\"legend-note\">no flow records in this window</p>\n");
            } else {
                s.append(FlowLog.lines(fw.records(), ev.historyZeroEpochNanos()));
                if (fw.omitted() > 0) {
                    s.append("<p class=\"legend-note\">").append(fw.omitted()).append(" more accepted connections "
                            + "not shown (result.json counts them)</p>\n");
                }
            }
            s.append("</section>\n");
        }
        return s.toString();
    }
}
