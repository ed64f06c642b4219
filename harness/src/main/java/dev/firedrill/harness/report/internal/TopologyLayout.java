package dev.firedrill.harness.report.internal;

import dev.firedrill.harness.fault.Edge;
import dev.firedrill.harness.fault.Targets;
import dev.firedrill.harness.topology.ComponentKind;
import dev.firedrill.harness.topology.ComponentSpec;
import dev.firedrill.harness.topology.Subnet;
import dev.firedrill.harness.topology.Topology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the topology picture puts everything, in SVG user units; a pure function of the topology, so tests pin
 * it. The VPC is a box holding one column per AZ (in the VPC's AZ order); each column holds its public subnets
 * (a band of equal height across columns, so the ALB can span them) above its private subnets; components sit
 * in their subnet, two per row (app instances first, then the database, then the cache); SQS, a regional
 * service, is a box right of the VPC. Edges are the stack's own ({@link Targets#edges}) without the host's
 * clients; {@code db-writer} is drawn to the primary and {@code db-reader} to the first replica.
 */
public final class TopologyLayout {
    static final double MARGIN = 10, COL_W = 290, COL_GAP = 12, HEAD = 22, COMP_W = 122, COMP_H = 36,
            COMP_GAP = 10, PUBLIC_H = 70, SQS_W = 160, DIP = 26, CHANNEL = 46;

    /** A rectangle with what it shows. */
    public record Box(String id, String label, String detail, double x, double y, double w, double h) {
        public double cx() {
            return x + w / 2;
        }

        public double cy() {
            return y + h / 2;
        }
    }

    /**
     * One edge as an SVG path between two boxes, with the point where a fault's cross goes.
     *
     * @param d the path: straight between stacked boxes; between boxes side by side a curve that dips below them
     *     (so it never runs through the boxes between), and into SQS a curve down into the free band between the app row and the data row, then along it
     */
    public record Line(String edge, String from, String to, String d, double mx, double my) {
    }

    private final Box vpc;
    private final Map<String, Box> azs = new LinkedHashMap<>();
    private final Map<String, Box> subnets = new LinkedHashMap<>();
    private final Map<String, Box> components = new LinkedHashMap<>();
    private final List<Line> lines = new ArrayList<>();
    private final double width;
    private final double height;
    /** The middle of the free band between the app row and the data row, where edges into SQS run. */
    private final double channelY;

    private TopologyLayout(Topology t) {
        List<String> azNames = t.vpc().azs();
        Map<String, List<Subnet>> pub = new LinkedHashMap<>();
        Map<String, List<Subnet>> priv = new LinkedHashMap<>();
        azNames.forEach(a -> {
            pub.put(a, new ArrayList<>());
            priv.put(a, new ArrayList<>());
        });
        for (Subnet s : t.vpc().subnets()) {
            (s.isPublic() ? pub : priv).computeIfAbsent(s.az(), k -> new ArrayList<>()).add(s);
        }
        List<ComponentSpec> comps = new ArrayList<>(t.components());
        Map<String, List<ComponentSpec>> inSubnet = new LinkedHashMap<>();
        comps.stream().filter(c -> c.subnet() != null)
                .sorted(Comparator.comparingInt(TopologyLayout::order))
                .forEach(c -> inSubnet.computeIfAbsent(c.subnet(), k -> new ArrayList<>()).add(c));

        int appRows = 0;
        for (List<ComponentSpec> here : inSubnet.values()) {
            appRows = Math.max(appRows, rows(apps(here)));
        }
        double pubBand = 0;
        double privBand = 0;
        for (String a : azNames) {
            pubBand = Math.max(pubBand, pub.get(a).size() * (PUBLIC_H + 8));
            double h = 0;
            for (Subnet s : priv.get(a)) {
                h += privateHeight(appRows, inSubnet.getOrDefault(s.name(), List.of())) + 8;
            }
            privBand = Math.max(privBand, h);
        }
        double azH = HEAD + 6 + pubBand + privBand + 4;
        double vpcX = MARGIN;
        double vpcY = MARGIN + 18;
        double vpcW = COL_GAP + azNames.size() * (COL_W + COL_GAP);
        double vpcH = HEAD + 8 + azH + COL_GAP;
        vpc = new Box("vpc", "VPC " + t.vpc().cidr(), t.region(), vpcX, vpcY, vpcW, vpcH);
        for (int i = 0; i < azNames.size(); i++) {
            String a = azNames.get(i);
            double ax = vpcX + COL_GAP + i * (COL_W + COL_GAP);
            double ay = vpcY + HEAD + 8;
            azs.put(a, new Box("az:" + a, a, "", ax, ay, COL_W, azH));
            double y = ay + HEAD + 6;
            for (Subnet s : pub.get(a)) {
                subnets.put(s.name(), new Box(s.name(), s.name() + " (public)", s.cidr(), ax + 8, y, COL_W - 16,
                        PUBLIC_H));
                y += PUBLIC_H + 8;
            }
            y = ay + HEAD + 6 + pubBand;
            for (Subnet s : priv.get(a)) {
                List<ComponentSpec> here = inSubnet.getOrDefault(s.name(), List.of());
                double h = privateHeight(appRows, here);
                Box sb = new Box(s.name(), s.name() + " (private)", s.cidr(), ax + 8, y, COL_W - 16, h);
                subnets.put(s.name(), sb);
                List<ComponentSpec> apps = apps(here);
                List<ComponentSpec> data = here.stream().filter(c -> c.kind() != ComponentKind.APP_INSTANCE).toList();
                place(apps, sb.x() + 9, sb.y() + HEAD);
                place(data, sb.x() + 9, sb.y() + HEAD + appRows * (COMP_H + COMP_GAP) + (appRows > 0 ? CHANNEL : 0));
                y += h + 8;
            }
        }
        double right = vpcX + vpcW;
        if (t.loadBalancer() != null) {
            List<Box> lbNets = t.loadBalancer().subnets().stream().map(subnets::get)
                    .filter(java.util.Objects::nonNull).toList();
            if (!lbNets.isEmpty()) {
                double x0 = lbNets.stream().mapToDouble(Box::x).min().orElseThrow() + 10;
                double x1 = lbNets.stream().mapToDouble(b -> b.x() + b.w()).max().orElseThrow() - 10;
                double y0 = lbNets.stream().mapToDouble(Box::y).min().orElseThrow() + HEAD + 4;
                String n = t.loadBalancer().name();
                components.put(n, new Box(n, n + " (application load balancer)", "spans "
                        + String.join(", ", t.loadBalancer().subnets()), x0, y0, x1 - x0, COMP_H));
            }
        }
        double privTop = azs.isEmpty() ? vpcY : azs.values().iterator().next().y() + HEAD + 6 + pubBand;
        channelY = privTop + HEAD + appRows * (COMP_H + COMP_GAP) - COMP_GAP + (COMP_GAP + CHANNEL) / 2;
        if (!t.queues().isEmpty()) {
            double h = HEAD + 8 + t.queues().size() * 16;
            double y0 = channelY - 14;
            components.put("sqs", new Box("sqs", "sqs (regional)", String.join(", ",
                    t.queues().stream().map(q -> q.name()).toList()), right + 24, y0, SQS_W, h));
            right += 24 + SQS_W;
        }
        width = right + MARGIN;
        height = vpcY + vpcH + MARGIN;
        Targets targets = Targets.of(t);
        String primary = targets.primary().orElse(null);
        String reader = targets.replicas().isEmpty() ? primary : targets.replicas().get(0);
        for (Edge e : targets.edges()) {
            if (e.source().equals(Edge.CLIENT)) {
                continue;
            }
            String to = switch (e.target()) {
                case Edge.DB_WRITER -> primary;
                case Edge.DB_READER -> reader;
                default -> e.target();
            };
            Box a = components.get(e.source());
            Box b = to == null ? null : components.get(to);
            if (a == null || b == null) {
                continue;
            }
            lines.add(line(e.toString(), a, b, channelY));
        }
    }

    public static TopologyLayout of(Topology t) {
        return new TopologyLayout(t);
    }

    /** From the facing side of {@code a} to that of {@code b} (see {@link Line#d()}). */
    private static Line line(String edge, Box a, Box b, double channelY) {
        boolean stacked = a.y() + a.h() <= b.y() || b.y() + b.h() <= a.y();
        if (b.id().equals("sqs")) {
            double x1 = a.cx() + 20, y1 = a.y() + a.h();
            return new Line(edge, a.id(), b.id(), "M" + f(x1) + " " + f(y1) + " Q" + f(x1) + " " + f(channelY) + " "
                    + f(x1 + 16) + " " + f(channelY) + " L" + f(b.x()) + " " + f(channelY), x1 + 28, channelY);
        }
        if (stacked) {
            boolean down = a.y() < b.y();
            double x1 = a.w() > 3 * COMP_W ? clamp(b.cx(), a.x() + 8, a.x() + a.w() - 8) : a.cx();
            double y1 = down ? a.y() + a.h() : a.y();
            double x2 = b.cx();
            double y2 = down ? b.y() : b.y() + b.h();
            return new Line(edge, a.id(), b.id(), "M" + f(x1) + " " + f(y1) + " L" + f(x2) + " " + f(y2),
                    (x1 + x2) / 2, (y1 + y2) / 2);
        }
        double x1 = a.cx(), y1 = a.y() + a.h(), x2 = b.cx(), y2 = b.y() + b.h(), dip = DIP;
        return new Line(edge, a.id(), b.id(), "M" + f(x1) + " " + f(y1) + " C" + f(x1) + " " + f(y1 + dip) + " "
                + f(x2) + " " + f(y2 + dip) + " " + f(x2) + " " + f(y2), (x1 + x2) / 2, (y1 + y2) / 2 + 0.75 * dip);
    }

    /** A coordinate as SVG writes it: at most one decimal, no trailing zero. */
    static String f(double v) {
        double r = Math.round(v * 10) / 10.0;
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private void place(List<ComponentSpec> list, double x0, double y0) {
        for (int k = 0; k < list.size(); k++) {
            ComponentSpec c = list.get(k);
            components.put(c.name(), new Box(c.name(), c.name(), describe(c), x0 + (k % 2) * (COMP_W + COMP_GAP),
                    y0 + (k / 2) * (COMP_H + COMP_GAP), COMP_W, COMP_H));
        }
    }

    private static List<ComponentSpec> apps(List<ComponentSpec> here) {
        return here.stream().filter(c -> c.kind() == ComponentKind.APP_INSTANCE).toList();
    }

    private static int rows(List<ComponentSpec> list) {
        return (list.size() + 1) / 2;
    }

    /** App rows (the same in every subnet) over the subnet's data rows, plus room for curves under the last. */
    private static double privateHeight(int appRows, List<ComponentSpec> here) {
        int dataRows = rows(here.stream().filter(c -> c.kind() != ComponentKind.APP_INSTANCE).toList());
        int rows = Math.max(1, appRows + dataRows);
        return HEAD + rows * (COMP_H + COMP_GAP) + (appRows > 0 ? CHANNEL : 0) + DIP;
    }

    private static int order(ComponentSpec c) {
        return switch (c.kind()) {
            case APP_INSTANCE -> 0;
            case DB_PRIMARY -> 1;
            case DB_REPLICA -> 2;
            case CACHE -> 3;
            default -> 4;
        };
    }

    private static String describe(ComponentSpec c) {
        return c.kind() == ComponentKind.APP_INSTANCE ? "app instance" : c.kind().id();
    }

    public Box vpc() {
        return vpc;
    }

    public Map<String, Box> azs() {
        return azs;
    }

    public Map<String, Box> subnets() {
        return subnets;
    }

    public Map<String, Box> components() {
        return components;
    }

    public List<Line> lines() {
        return lines;
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }
}
