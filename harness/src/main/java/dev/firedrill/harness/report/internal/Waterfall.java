package dev.firedrill.harness.report.internal;

import static dev.firedrill.harness.report.internal.TopologySvg.esc;

import dev.firedrill.harness.net.FlowRecord;
import dev.firedrill.harness.report.internal.TraceJoin.Request;
import dev.firedrill.harness.trace.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One request as HTML: a head line (operation, outcome, when, how long, instance, error, trace id), its trace as
 * a waterfall (spans nested under their parent, by start; a bar per span on the trace's time axis; error spans
 * red with their status message), and under it the flow records of the failed call's connections.
 */
final class Waterfall {
    private Waterfall() {
    }

    static String render(Request r, long zeroEpochNanos) {
        StringBuilder s = new StringBuilder(2048);
        s.append("<div class=\"request").append(r.slowest() ? " req-slowest" : " req-failed").append("\" data-trace=\"")
                .append(esc(r.trace())).append("\" data-op=\"").append(r.op()).append("\">\n<div class=\"req-head\">")
                .append("<b>").append(esc(r.f())).append("</b> by ").append(esc(r.process())).append(" · <span class=\"")
                .append(r.outcome() == dev.firedrill.harness.history.EventType.OK ? "valid" : "invalid").append("\">")
                .append(r.slowest() ? "ok, among the slowest" : r.outcome().wire()).append("</span> · invoked at ")
                .append(sec(r.invokeNanos())).append(" · took ").append(ms(r.latencyNanos()));
        if (r.instance() != null) {
            s.append(" · served by ").append(esc(r.instance()));
        }
        if (r.error() != null) {
            s.append(" · <span class=\"invalid\">").append(esc(r.error())).append("</span>");
        }
        s.append(" · trace <code>").append(r.trace() == null ? "none sent" : esc(r.trace())).append("</code></div>\n");
        if (r.spans().isEmpty()) {
            s.append("<p class=\"legend-note no-trace\">no trace kept: tracing off or sampled out</p>\n</div>\n");
            return s.toString();
        }
        long t0 = r.spans().stream().mapToLong(Span::startEpochNanos).min().orElse(0);
        long t1 = r.spans().stream().mapToLong(Span::endEpochNanos).max().orElse(t0);
        double total = Math.max(1, t1 - t0);
        s.append("<table class=\"waterfall\"><thead><tr><th>Span</th><th>Service / instance</th><th>Start</th>"
                + "<th>Duration</th><th class=\"bar-col\">at ").append(sec(t0 - zeroEpochNanos))
                .append(", ").append(ms(t1 - t0)).append(" in all</th><th>Status</th></tr></thead><tbody>\n");
        for (Object[] row : tree(r.spans())) {
            Span sp = (Span) row[0];
            int depth = (Integer) row[1];
            boolean failedCall = sp == r.failedCall();
            double left = (sp.startEpochNanos() - t0) / total * 100;
            double width = Math.max(0.4, sp.durationNanos() / total * 100);
            s.append("<tr class=\"span").append(sp.error() ? " error" : "").append(failedCall ? " failed-call" : "")
                    .append("\" data-span=\"").append(esc(sp.spanId())).append("\"><td style=\"padding-left:")
                    .append(6 + 14 * depth).append("px\">").append(esc(sp.name())).append(" <span class=\"kind\">")
                    .append(sp.kind().name().toLowerCase(Locale.ROOT)).append("</span></td><td>")
                    .append(esc(sp.service())).append(sp.instance() == null ? "" : " / " + esc(sp.instance()))
                    .append("</td><td class=\"num\">+").append(ms(sp.startEpochNanos() - t0))
                    .append("</td><td class=\"num\">").append(ms(sp.durationNanos()))
                    .append("</td><td class=\"bar-col\"><div class=\"bar\" style=\"margin-left:")
                    .append(String.format(Locale.ROOT, "%.2f%%;width:%.2f%%", Math.min(left, 99.6),
                            Math.min(width, 100 - Math.min(left, 99.6))))
                    .append("\"></div></td><td>").append(sp.error() ? "<b>error</b>" : "ok")
                    .append(sp.status() == null ? "" : ": " + esc(sp.status())).append("</td></tr>\n");
        }
        s.append("</tbody></table>\n");
        if (r.failedCall() != null) {
            Span c = r.failedCall();
            s.append("<div class=\"joined-flows\"><p class=\"legend-note\">The failed call <b>").append(esc(c.name()))
                    .append("</b>").append(c.instance() == null ? "" : " from " + esc(c.instance()))
                    .append(" (").append(sec(c.startEpochNanos() - zeroEpochNanos)).append("–")
                    .append(sec(c.endEpochNanos() - zeroEpochNanos)).append("): ");
            if (r.flows().isEmpty()) {
                s.append("no flow record of its connections at that time.</p></div>\n");
            } else {
                s.append("its connections in the flow log from 1 s before to 1 s after it, REJECTs and connections a fault "
                        + "cut first, then the closest in time</p>\n");
                s.append(FlowLog.lines(r.flows(), zeroEpochNanos)).append("</div>\n");
            }
        }
        return s.append("</div>\n").toString();
    }

    /** Spans depth-first: roots (no parent in the trace) by start, each followed by its children by start. */
    static List<Object[]> tree(List<Span> spans) {
        Set<String> ids = new HashSet<>();
        spans.forEach(s -> ids.add(s.spanId()));
        Map<String, List<Span>> children = new HashMap<>();
        List<Span> roots = new ArrayList<>();
        for (Span s : spans) {
            if (s.parentSpanId() == null || !ids.contains(s.parentSpanId()) || s.parentSpanId().equals(s.spanId())) {
                roots.add(s);
            } else {
                children.computeIfAbsent(s.parentSpanId(), k -> new ArrayList<>()).add(s);
            }
        }
        List<Object[]> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Span r : roots) {
            walk(r, 0, children, out, seen);
        }
        return out;
    }

    private static void walk(Span s, int depth, Map<String, List<Span>> children, List<Object[]> out, Set<String> seen) {
        if (!seen.add(s.spanId())) {
            return;
        }
        out.add(new Object[] {s, depth});
        for (Span c : children.getOrDefault(s.spanId(), List.of())) {
            walk(c, depth + 1, children, out, seen);
        }
    }

    static String sec(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    static String ms(long nanos) {
        double m = nanos / 1e6;
        return m >= 1000 ? String.format(Locale.ROOT, "%.2f s", m / 1000) : String.format(Locale.ROOT, "%.1f ms", m);
    }

    static String flowTime(FlowRecord r, long zero) {
        return sec(r.startEpochNanos() - zero);
    }
}
