package dev.firedrill.harness.report.internal;

import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.history.FaultWindow;
import dev.firedrill.harness.history.Operations;
import dev.firedrill.harness.net.FlowRecord;
import dev.firedrill.harness.report.Evidence;
import dev.firedrill.harness.trace.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Joins the requests of a fault window to their traces, and a trace's failed client call to the connections
 * that explain it. A request is an operation of the history; its trace is the spans whose trace id is the one
 * the workload sent ({@code Operations.trace}). The failed call is the trace's first error span of kind CLIENT
 * (else its first error span); its connections are the flow records of that instance's edges (to the peer the
 * span names, when it names one) open at any time from 1 s before the span to 1 s after it, REJECTs and
 * connections cut or left open by a fault first, then the closest to the call's start.
 */
public final class TraceJoin {
    /** Requests shown per fault window: failed ones, then the slowest that succeeded. */
    static final int FAILED_PER_FAULT = 5, SLOWEST_PER_FAULT = 3, FLOWS_PER_CALL = 4;
    static final long FLOW_SLACK_NANOS = 1_000_000_000L;

    /** One request of a fault window with what is known of it. */
    public record Request(int op, String f, String process, EventType outcome, boolean slowest, long invokeNanos,
                          long latencyNanos, String instance, String error, String trace, List<Span> spans,
                          Span failedCall, List<FlowRecord> flows) {
    }

    private final Operations ops;
    private final Evidence evidence;
    private final Map<String, List<Span>> byTrace = new HashMap<>();
    private final long end;

    public TraceJoin(Operations ops, Evidence evidence, long historyEndNanos) {
        this.ops = ops;
        this.evidence = evidence;
        this.end = historyEndNanos;
        for (Span s : evidence.spans()) {
            byTrace.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
        }
        byTrace.values().forEach(l -> l.sort(Comparator.comparingLong(Span::startEpochNanos)
                .thenComparing(Span::spanId)));
    }

    /** The spans of one trace, by start. */
    public List<Span> spans(String traceId) {
        return traceId == null ? List.of() : byTrace.getOrDefault(traceId, List.of());
    }

    /** Failed requests invoked in the window (those with a trace first), then the slowest ok ones. */
    public List<Request> requests(FaultWindow w) {
        List<Integer> failed = new ArrayList<>();
        List<Integer> ok = new ArrayList<>();
        for (int op = 0; op < ops.size(); op++) {
            long t = ops.invokeNanos(op);
            if (t < w.requestedNanos() || t > w.healedNanos()) {
                continue;
            }
            (ops.outcome(op) == EventType.OK ? ok : failed).add(op);
        }
        failed.sort(Comparator.comparingInt((Integer op) -> spans(ops.trace(op)).isEmpty() ? 1 : 0)
                .thenComparingInt(op -> failedCall(spans(ops.trace(op))) == null ? 1 : 0)
                .thenComparingLong(ops::invokeNanos));
        ok.sort(Comparator.comparingLong((Integer op) -> -latency(op)).thenComparingLong(ops::invokeNanos));
        List<Request> out = new ArrayList<>();
        failed.stream().limit(FAILED_PER_FAULT).forEach(op -> out.add(request(op, false)));
        ok.stream().limit(SLOWEST_PER_FAULT).forEach(op -> out.add(request(op, true)));
        return out;
    }

    /** Trace ids of every failed request invoked in the window (for result.json), in time order. */
    public List<String> failedTraces(FaultWindow w) {
        Set<String> ids = new LinkedHashSet<>();
        for (int op = 0; op < ops.size(); op++) {
            long t = ops.invokeNanos(op);
            if (t >= w.requestedNanos() && t <= w.healedNanos() && ops.outcome(op) != EventType.OK
                    && ops.trace(op) != null) {
                ids.add(ops.trace(op));
            }
        }
        return List.copyOf(ids);
    }

    private long latency(int op) {
        long c = ops.completeNanos(op);
        return (c < 0 ? end : c) - ops.invokeNanos(op);
    }

    private Request request(int op, boolean slowest) {
        List<Span> spans = spans(ops.trace(op));
        Span call = failedCall(spans);
        String instance = ops.symbol(ops.instance(op));
        return new Request(op, ops.symbol(ops.f(op)), ops.symbol(ops.process(op)), ops.outcome(op), slowest,
                ops.invokeNanos(op), latency(op), instance, ops.symbol(ops.error(op)), ops.trace(op), spans, call,
                call == null ? List.of() : flows(call, spans, instance));
    }

    /** The first failed CLIENT span, else the first failed span; null when none failed. */
    static Span failedCall(List<Span> spans) {
        Span any = null;
        for (Span s : spans) {
            if (s.error()) {
                if (s.kind() == Span.Kind.CLIENT) {
                    return s;
                }
                any = any == null ? s : any;
            }
        }
        return any;
    }

    /** The connections behind a failed call (see the class comment). */
    List<FlowRecord> flows(Span call, List<Span> trace, String opInstance) {
        String source = call.instance();
        if (source == null) {
            source = trace.stream().filter(s -> s.kind() == Span.Kind.SERVER && s.instance() != null
                    && !"alb".equals(s.service())).map(Span::instance).findFirst().orElse(opInstance);
        }
        if (source == null) {
            return List.of();
        }
        Set<String> peers = peers(call);
        long from = call.startEpochNanos() - FLOW_SLACK_NANOS;
        long to = call.endEpochNanos() + FLOW_SLACK_NANOS;
        String prefix = source + "->";
        List<FlowRecord> out = new ArrayList<>();
        for (FlowRecord r : evidence.flows()) {
            if (r.edge() == null || !r.edge().startsWith(prefix)) {
                continue;
            }
            if (!peers.isEmpty() && !peers.contains(r.edge().substring(prefix.length()))) {
                continue;
            }
            long rEnd = r.endEpochNanos() == 0 ? Long.MAX_VALUE : r.endEpochNanos();
            if (r.startEpochNanos() <= to && rEnd >= from) {
                out.add(r);
            }
        }
        long at = call.startEpochNanos();
        out.sort(Comparator.comparingInt(TraceJoin::rank).thenComparingLong(r -> Math.abs(r.startEpochNanos() - at))
                .thenComparingLong(FlowRecord::startEpochNanos));
        return out.size() > FLOWS_PER_CALL ? List.copyOf(out.subList(0, FLOWS_PER_CALL)) : out;
    }

    /** 0 for a REJECT, 1 for a connection a fault cut or left unanswered (still open), 2 otherwise. */
    static int rank(FlowRecord r) {
        if (r.action().equals("REJECT")) {
            return 0;
        }
        return r.endEpochNanos() == 0 || (r.reason() != null && r.reason().startsWith("fault")) ? 1 : 2;
    }

    /** The edge targets a client span names (peer.service, server.address, net.peer.name, or its db/messaging system). */
    static Set<String> peers(Span s) {
        Set<String> p = new LinkedHashSet<>();
        for (String k : List.of("peer.service", "server.address", "net.peer.name")) {
            String v = s.attributes().get(k);
            if (v != null && !v.isBlank() && !v.matches("[0-9.:]+|localhost")) {
                p.add(v);
            }
        }
        if (!p.isEmpty()) {
            return p;
        }
        String db = s.attributes().get("db.system");
        if ("postgresql".equals(db)) {
            return Set.of("db-writer", "db-reader");
        }
        if ("redis".equals(db)) {
            return Set.of("redis");
        }
        String msg = s.attributes().get("messaging.system");
        if (msg != null && msg.contains("sqs")) {
            return Set.of("sqs");
        }
        return Set.of();
    }
}
