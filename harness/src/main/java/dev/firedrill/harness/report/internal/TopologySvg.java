package dev.firedrill.harness.report.internal;

import static dev.firedrill.harness.report.internal.TopologyLayout.f;

import dev.firedrill.harness.fault.Targets;
import dev.firedrill.harness.history.FaultWindow;
import dev.firedrill.harness.report.internal.TopologyLayout.Box;
import dev.firedrill.harness.report.internal.TopologyLayout.Line;
import dev.firedrill.harness.topology.Topology;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The topology picture: {@link TopologyLayout} drawn as inline SVG, with each fault of the history drawn where it
 * hit: a red outline and a badge on a component, a dashed red edge with a cross for a partition or a toxic, a
 * hatched AZ for an AZ outage. A legend under the VPC gives each fault's label ({@link #label}). Elements carry
 * {@code data-component}, {@code data-edge} and, for marks, {@code data-fault} and {@code data-hit}, so tests
 * (and readers' scripts) can query the DOM.
 */
public final class TopologySvg {
    static final String[] COLORS = {"#c62828", "#6a1b9a", "#e65100", "#00838f", "#ad1457", "#2e7d32"};

    private TopologySvg() {
    }

    /** The color of the {@code i}-th fault. */
    static String color(int i) {
        return COLORS[i % COLORS.length];
    }

    /** {@code f1 kill app-2 2.0–10.0 s (40–200 s AWS)}: the window as rehearsed, then AWS-equivalent. */
    static String label(FaultWindow w, double timeScale) {
        double a = w.requestedNanos() / 1e9;
        double b = w.healedNanos() / 1e9;
        String end = w.healed() ? String.format(Locale.ROOT, "%.1f", b) : String.format(Locale.ROOT, "%.1f", b)
                + " (never healed)";
        return w.faultId() + " " + w.kind() + (w.target() == null ? "" : " " + w.target()) + " "
                + String.format(Locale.ROOT, "%.1f", a) + "–" + end + " s (" + aws(a / timeScale) + "–"
                + aws(b / timeScale) + " s AWS)";
    }

    private static String aws(double s) {
        return f(s);
    }

    public static String render(Topology t, List<FaultWindow> faults, double timeScale) {
        TopologyLayout l = TopologyLayout.of(t);
        Targets targets = Targets.of(t);
        double legendY = l.height() + 4;
        double height = legendY + 20 * Math.max(1, faults.size()) + 8;
        StringBuilder s = new StringBuilder(16_384);
        s.append("<svg id=\"topology-picture\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(f(l.width())).append(' ').append(f(height)).append("\" width=\"").append(f(l.width()))
                .append("\" height=\"").append(f(height)).append("\" role=\"img\" aria-label=\"topology ")
                .append(esc(t.name())).append(" with ").append(faults.size()).append(" fault(s)\">\n");
        s.append("<defs>");
        for (int i = 0; i < faults.size(); i++) {
            s.append("<pattern id=\"hatch-").append(i).append("\" width=\"10\" height=\"10\" patternUnits=\"userSpaceOnUse\""
                    + " patternTransform=\"rotate(45)\"><rect width=\"10\" height=\"10\" fill=\"").append(color(i))
                    .append("\" fill-opacity=\"0.06\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"10\" stroke=\"")
                    .append(color(i)).append("\" stroke-width=\"3\" stroke-opacity=\"0.35\"/></pattern>");
        }
        s.append("</defs>\n<style>.tp-t{font:12px system-ui,sans-serif;fill:#1d2330}.tp-s{font:10px system-ui,"
                + "sans-serif;fill:#5f6b7a}.tp-b{font:bold 10px system-ui,sans-serif;fill:#fff}</style>\n");
        s.append(text(l.vpc().x(), l.vpc().y() - 6, "tp-s", "region " + t.region() + " · topology " + t.name()));
        s.append(rect(l.vpc(), "vpc", "#f7f9fc", "#5b6b82", "")).append(text(l.vpc().x() + 8, l.vpc().y() + 15,
                "tp-t", l.vpc().label()));
        for (Box az : l.azs().values()) {
            s.append(rect(az, "az", "#ffffff", "#9aa7b8", " data-az=\"" + esc(az.label()) + "\" stroke-dasharray=\"5 3\""))
                    .append(text(az.x() + 8, az.y() + 15, "tp-t", "AZ " + az.label()));
        }
        for (Box sn : l.subnets().values()) {
            boolean pub = sn.label().endsWith("(public)");
            s.append(rect(sn, "subnet", pub ? "#eef6ee" : "#eef2f8", pub ? "#7fae84" : "#8b9dbb",
                    " data-subnet=\"" + esc(sn.id()) + "\""))
                    .append(text(sn.x() + 6, sn.y() + 14, "tp-s", sn.label() + " " + sn.detail()));
        }
        for (Line e : l.lines()) {
            s.append("<path class=\"edge\" data-edge=\"").append(esc(e.edge())).append("\" d=\"").append(e.d())
                    .append("\" fill=\"none\" stroke=\"#7d8896\" stroke-width=\"1.2\"><title>").append(esc(e.edge()))
                    .append("</title></path>\n");
        }
        for (Box c : l.components().values()) {
            s.append("<g class=\"component\" data-component=\"").append(esc(c.id())).append("\">")
                    .append(rect(c, "", "#ffffff", "#34495e", " rx=\"4\""))
                    .append(text(c.x() + 6, c.y() + 15, "tp-t", c.label()))
                    .append(text(c.x() + 6, c.y() + 29, "tp-s", c.detail())).append("</g>\n");
        }
        Map<String, Integer> badges = new HashMap<>();
        for (int i = 0; i < faults.size(); i++) {
            FaultWindow w = faults.get(i);
            FaultHits hits = FaultHits.of(w, targets);
            String col = color(i);
            String label = esc(label(w, timeScale));
            for (String az : hits.azs()) {
                Box b = l.azs().get(az);
                if (b != null) {
                    s.append("<g class=\"fault-mark az-outage\" data-fault=\"").append(esc(w.faultId()))
                            .append("\" data-hit=\"az:").append(esc(az)).append("\"><title>").append(label)
                            .append("</title>").append(rect(b, "", "url(#hatch-" + i + ")", col, " stroke-width=\"2\""))
                            .append(badge(b.x() + b.w() - 26, b.y() + 4, w.faultId(), col)).append("</g>\n");
                }
            }
            for (Line e : l.lines()) {
                if (hits.edges().contains(e.edge())) {
                    s.append("<g class=\"fault-mark edge-cut\" data-fault=\"").append(esc(w.faultId()))
                            .append("\" data-hit=\"").append(esc(e.edge())).append("\"><title>").append(label)
                            .append(" — ").append(esc(e.edge())).append("</title><path d=\"").append(e.d())
                            .append("\" fill=\"none\" stroke=\"").append(col)
                            .append("\" stroke-width=\"2.4\" stroke-dasharray=\"6 3\"/>")
                            .append(cross(e.mx(), e.my(), col)).append("</g>\n");
                }
            }
            for (String c : hits.components()) {
                Box b = l.components().get(c);
                if (b != null) {
                    int k = badges.merge(c, 1, Integer::sum) - 1;
                    s.append("<g class=\"fault-mark component-hit\" data-fault=\"").append(esc(w.faultId()))
                            .append("\" data-hit=\"").append(esc(c)).append("\"><title>").append(label)
                            .append("</title>").append(rect(b, "", "none", col, " rx=\"4\" stroke-width=\"3\""))
                            .append(badge(b.x() + b.w() - 24 - 26 * k, b.y() - 8, w.faultId(), col)).append("</g>\n");
                }
            }
            double y = legendY + 20 * i;
            s.append("<g class=\"fault-legend\" data-fault=\"").append(esc(w.faultId())).append("\">")
                    .append(badge(l.vpc().x(), y, w.faultId(), col))
                    .append(text(l.vpc().x() + 30, y + 12, "tp-t", label(w, timeScale)
                            + (hits.unplaced().isEmpty() ? "" : " · not drawn: " + String.join(", ", hits.unplaced()))))
                    .append("</g>\n");
        }
        if (faults.isEmpty()) {
            s.append(text(l.vpc().x(), legendY + 12, "tp-s", "no faults injected"));
        }
        return s.append("</svg>").toString();
    }

    private static String rect(Box b, String cls, String fill, String stroke, String extra) {
        return "<rect" + (cls.isEmpty() ? "" : " class=\"" + cls + "\"") + " x=\"" + f(b.x()) + "\" y=\"" + f(b.y())
                + "\" width=\"" + f(b.w()) + "\" height=\"" + f(b.h()) + "\" fill=\"" + fill + "\" stroke=\"" + stroke
                + "\"" + extra + "/>";
    }

    private static String text(double x, double y, String cls, String text) {
        return "<text x=\"" + f(x) + "\" y=\"" + f(y) + "\" class=\"" + cls + "\">" + esc(text) + "</text>";
    }

    private static String badge(double x, double y, String id, String color) {
        return "<rect x=\"" + f(x) + "\" y=\"" + f(y) + "\" width=\"24\" height=\"16\" rx=\"8\" fill=\"" + color
                + "\"/><text x=\"" + f(x + 12) + "\" y=\"" + f(y + 12) + "\" class=\"tp-b\" text-anchor=\"middle\">"
                + esc(id) + "</text>";
    }

    private static String cross(double x, double y, String color) {
        return "<path d=\"M" + f(x - 6) + " " + f(y - 6) + " L" + f(x + 6) + " " + f(y + 6) + " M" + f(x + 6) + " "
                + f(y - 6) + " L" + f(x - 6) + " " + f(y + 6) + "\" stroke=\"" + color + "\" stroke-width=\"3\"/>";
    }

    static String esc(String s) {
        return s == null ? "" : HtmlPage.escapeHtml(s);
    }
}
