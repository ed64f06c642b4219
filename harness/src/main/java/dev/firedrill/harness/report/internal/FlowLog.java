package dev.firedrill.harness.report.internal;

import static dev.firedrill.harness.report.internal.TopologySvg.esc;

import dev.firedrill.harness.history.FaultWindow;
import dev.firedrill.harness.net.FlowRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The flow-log lines around a fault window: every connection open at any time from 2 s before the fault was
 * requested to 2 s after it healed, by start; at most {@value #MAX_LINES}, REJECTs and connections a fault cut
 * kept first when there are more. Each line is the VPC Flow Logs v2 line, then the edge and the reason.
 */
public final class FlowLog {
    static final long SLACK_NANOS = 2_000_000_000L;
    static final int MAX_LINES = 60;

    /** The selected records and how many others the window had. */
    public record Window(List<FlowRecord> records, int omitted) {
    }

    private FlowLog() {
    }

    public static Window around(FaultWindow w, List<FlowRecord> flows, long zeroEpochNanos) {
        long from = zeroEpochNanos + w.requestedNanos() - SLACK_NANOS;
        long to = zeroEpochNanos + w.healedNanos() + SLACK_NANOS;
        List<FlowRecord> in = new ArrayList<>();
        for (FlowRecord r : flows) {
            long end = r.endEpochNanos() == 0 ? Long.MAX_VALUE : r.endEpochNanos();
            if (r.startEpochNanos() <= to && end >= from) {
                in.add(r);
            }
        }
        if (in.size() > MAX_LINES) {
            in.sort(Comparator.comparingInt(TraceJoin::rank).thenComparingLong(FlowRecord::startEpochNanos));
            int omitted = in.size() - MAX_LINES;
            in = new ArrayList<>(in.subList(0, MAX_LINES));
            in.sort(Comparator.comparingLong(FlowRecord::startEpochNanos));
            return new Window(in, omitted);
        }
        in.sort(Comparator.comparingLong(FlowRecord::startEpochNanos));
        return new Window(in, 0);
    }

    /** {@code +4.213 s  <VPC line>  app-1->db-writer  reason}. */
    public static String text(FlowRecord r, long zeroEpochNanos) {
        return "+" + Waterfall.sec(r.startEpochNanos() - zeroEpochNanos) + "  " + r.vpcLine() + "  " + r.edge()
                + (r.endEpochNanos() == 0 ? "  (still open)" : "") + (r.reason() == null ? "" : "  " + r.reason());
    }

    /** The records as a block of lines, REJECTs (and connections a fault cut) highlighted. */
    static String lines(List<FlowRecord> records, long zeroEpochNanos) {
        StringBuilder s = new StringBuilder("<pre class=\"flow-log\">");
        for (FlowRecord r : records) {
            int rank = TraceJoin.rank(r);
            s.append("<span class=\"flow").append(rank == 0 ? " reject" : rank == 1 ? " cut" : "")
                    .append("\" data-edge=\"").append(esc(r.edge())).append("\">")
                    .append(esc(text(r, zeroEpochNanos))).append("</span>\n");
        }
        return s.append("</pre>").toString();
    }
}
