package dev.firedrill.harness.report.internal;

import static dev.firedrill.harness.report.internal.TopologyLayout.f;
import static dev.firedrill.harness.report.internal.TopologySvg.esc;

import dev.firedrill.harness.fault.Targets;
import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.FaultWindow;
import dev.firedrill.harness.history.History;
import dev.firedrill.harness.history.Operations;
import dev.firedrill.harness.topology.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One lane per app instance over the run, as SVG: its ALB target-health states as coloured segments (from the
 * {@code target_health} samples), the requests it served per second as bars (operations whose answer named it
 * in {@code X-Instance-Id}), and the faults that hit it (kills, restarts, pauses, an AZ outage, a partition or toxic
 * on one of its edges) as marks from requested to healed. Instances are the topology's, then any other the history names.
 */
final class InstanceLanes {
    static final double LABEL_W = 90, PLOT_W = 860, LANE_H = 50, TOP = 8;
    static final Map<String, String> STATE_COLORS = Map.of("healthy", "#2e7d32", "unhealthy", "#c62828",
            "draining", "#f9a825", "initial", "#64b5f6", "unused", "#9e9e9e");

    private InstanceLanes() {
    }

    static List<String> instances(History h, Topology t) {
        Set<String> out = new LinkedHashSet<>();
        if (t != null) {
            out.addAll(Targets.of(t).instances());
        }
        Set<String> more = new java.util.TreeSet<>(InstanceLanes::natural);
        h.samples("target_health").forEach(e -> {
            if (e.target() != null) {
                more.add(e.target());
            }
        });
        Operations ops = h.operations();
        for (int op = 0; op < ops.size(); op++) {
            String i = ops.symbol(ops.instance(op));
            if (i != null) {
                more.add(i);
            }
        }
        out.addAll(more);
        return List.copyOf(out);
    }

    /** app-2 before app-10. */
    static int natural(String a, String b) {
        String pa = a.replaceAll("\\d+$", "");
        String pb = b.replaceAll("\\d+$", "");
        if (pa.equals(pb) && a.length() > pa.length() && b.length() > pb.length()) {
            return Long.compare(Long.parseLong(a.substring(pa.length())), Long.parseLong(b.substring(pb.length())));
        }
        return a.compareTo(b);
    }

    static String render(History h, Topology t, List<FaultWindow> faults) {
        List<String> instances = instances(h, t);
        if (instances.isEmpty()) {
            return "<p class=\"legend-note\">no app instance served a request or reported its health</p>";
        }
        long end = Math.max(h.endNanos(), 1);
        int seconds = (int) Math.max(1, Math.ceil(end / 1e9));
        Operations ops = h.operations();
        Map<String, int[]> served = new LinkedHashMap<>();
        instances.forEach(i -> served.put(i, new int[seconds]));
        int max = 1;
        for (int op = 0; op < ops.size(); op++) {
            int[] b = served.get(ops.symbol(ops.instance(op)));
            if (b != null && ops.isOk(op) && ops.completeNanos(op) >= 0) {
                int s = (int) Math.min(seconds - 1, ops.completeNanos(op) / 1_000_000_000L);
                max = Math.max(max, ++b[s]);
            }
        }
        Targets targets = t == null ? null : Targets.of(t);
        double height = TOP + instances.size() * LANE_H + 40;
        double width = LABEL_W + PLOT_W + 20;
        StringBuilder s = new StringBuilder(8192);
        s.append("<svg id=\"instance-lanes\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(f(width))
                .append(' ').append(f(height)).append("\" width=\"").append(f(width)).append("\" height=\"")
                .append(f(height)).append("\" role=\"img\" aria-label=\"per-instance timelines\">\n")
                .append("<style>.il-t{font:12px system-ui,sans-serif;fill:#1d2330}.il-s{font:10px system-ui,"
                        + "sans-serif;fill:#5f6b7a}</style>\n");
        for (int k = 0; k < instances.size(); k++) {
            String inst = instances.get(k);
            double y = TOP + k * LANE_H;
            s.append("<g class=\"lane\" data-instance=\"").append(esc(inst)).append("\">")
                    .append("<text x=\"4\" y=\"").append(f(y + 26)).append("\" class=\"il-t\">").append(esc(inst))
                    .append("</text><rect x=\"").append(f(LABEL_W)).append("\" y=\"").append(f(y)).append("\" width=\"")
                    .append(f(PLOT_W)).append("\" height=\"").append(f(LANE_H - 8))
                    .append("\" fill=\"#fafbfc\" stroke=\"#e0e4ea\"/>");
            List<Event> health = h.samples("target_health").stream().filter(e -> inst.equals(e.target())).toList();
            for (int i = 0; i < health.size(); i++) {
                Event e = health.get(i);
                long a = e.nanos();
                long b = i + 1 < health.size() ? health.get(i + 1).nanos() : end;
                String state = e.value() == null ? "?" : e.value();
                s.append("<rect class=\"health\" data-state=\"").append(esc(state)).append("\" x=\"").append(f(x(a, end)))
                        .append("\" y=\"").append(f(y + 1)).append("\" width=\"").append(f(Math.max(0.5, x(b, end) - x(a, end))))
                        .append("\" height=\"9\" fill=\"").append(STATE_COLORS.getOrDefault(state, "#bdbdbd"))
                        .append("\"><title>").append(esc(inst + " " + state + " from " + sec(a) + " to " + sec(b)))
                        .append("</title></rect>");
            }
            int[] b = served.get(inst);
            double barW = PLOT_W / seconds;
            for (int sec = 0; sec < seconds; sec++) {
                if (b[sec] > 0) {
                    double bh = 28.0 * b[sec] / max;
                    s.append("<rect class=\"served\" x=\"").append(f(LABEL_W + sec * barW + 0.5)).append("\" y=\"")
                            .append(f(y + LANE_H - 9 - bh)).append("\" width=\"").append(f(Math.max(0.5, barW - 1)))
                            .append("\" height=\"").append(f(bh)).append("\" fill=\"#1565c0\" fill-opacity=\"0.55\"><title>")
                            .append(b[sec]).append(" requests served in second ").append(sec).append("</title></rect>");
                }
            }
            for (int i = 0; i < faults.size(); i++) {
                FaultWindow w = faults.get(i);
                if (!hits(w, inst, targets)) {
                    continue;
                }
                double xa = x(w.requestedNanos(), end);
                double xb = x(w.healedNanos(), end);
                String col = TopologySvg.color(i);
                s.append("<g class=\"lane-fault\" data-fault=\"").append(esc(w.faultId())).append("\"><rect x=\"")
                        .append(f(xa)).append("\" y=\"").append(f(y)).append("\" width=\"").append(f(Math.max(1, xb - xa)))
                        .append("\" height=\"").append(f(LANE_H - 8)).append("\" fill=\"").append(col)
                        .append("\" fill-opacity=\"0.10\" stroke=\"").append(col).append("\"/><text x=\"").append(f(xa + 3))
                        .append("\" y=\"").append(f(y + 22)).append("\" class=\"il-s\" fill=\"").append(col).append("\">")
                        .append(esc(w.faultId() + " " + w.kind())).append("</text></g>");
            }
            s.append("</g>\n");
        }
        double axisY = TOP + instances.size() * LANE_H + 2;
        int step = seconds <= 20 ? 1 : seconds <= 60 ? 5 : seconds <= 300 ? 30 : 60;
        for (int sec = 0; sec <= seconds; sec += step) {
            double xx = x(sec * 1_000_000_000L, end);
            s.append("<text x=\"").append(f(xx)).append("\" y=\"").append(f(axisY + 10))
                    .append("\" class=\"il-s\" text-anchor=\"middle\">").append(sec).append("</text>");
        }
        s.append("<text x=\"").append(f(LABEL_W)).append("\" y=\"").append(f(axisY + 22)).append("\" class=\"il-s\">")
                .append("seconds since run start (scaled) · bars: requests served per second (tallest ").append(max)
                .append(")</text><text x=\"").append(f(LABEL_W)).append("\" y=\"").append(f(axisY + 35))
                .append("\" class=\"il-s\">top strip: ALB target health (green healthy, red unhealthy, amber draining, "
                        + "blue initial, grey unused) · tinted: a fault on the instance or its edges</text>\n</svg>");
        return s.toString();
    }

    /** Whether fault {@code w} hit instance {@code inst}: named in its target, or (with a topology) placed on it. */
    static boolean hits(FaultWindow w, String inst, Targets targets) {
        if (targets != null) {
            FaultHits hits = FaultHits.of(w, targets);
            return hits.components().contains(inst) || hits.edges().stream().anyMatch(e -> e.startsWith(inst + "->"));
        }
        return w.target() != null && Arrays.stream(w.target().split(",")).map(String::trim).anyMatch(inst::equals);
    }

    private static double x(long nanos, long end) {
        return LABEL_W + PLOT_W * Math.max(0, Math.min(1, (double) nanos / end));
    }

    private static String sec(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

}
