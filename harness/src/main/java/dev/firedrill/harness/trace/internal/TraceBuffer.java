package dev.firedrill.harness.trace.internal;

import dev.firedrill.harness.trace.Span;
import dev.firedrill.harness.trace.TailSampling;
import dev.firedrill.harness.trace.TraceStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The tail sampler's state: spans grouped by trace until the trace is decided, then kept or let go. Pure logic with an
 * injected clock ({@code nanoTime}-like), so it is tested without waiting. A span of an already decided trace follows
 * the decision, except that a failed or slow late span is kept anyway (the trace's earlier spans may be gone).
 */
public final class TraceBuffer {
    /** Decisions remembered for late spans; older ones are forgotten (a late span then starts a new pending trace). */
    private static final int DECISIONS = 65_536;

    private final TailSampling sampling;
    private final LongSupplier clock;
    private final long quietNanos;
    private final long slowNanos;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Map<String, Boolean> decided = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > DECISIONS;
        }
    };
    private final List<Span> kept = new ArrayList<>();
    private long held;
    private long received;
    private long sampledOut;
    private long dropped;

    private static final class Pending {
        final List<Span> spans = new ArrayList<>(8);
        long lastNanos;
    }

    public TraceBuffer(TailSampling sampling, LongSupplier clock) {
        this.sampling = sampling;
        this.clock = clock;
        this.quietNanos = sampling.quiet().toNanos();
        this.slowNanos = sampling.slow().toNanos();
    }

    public synchronized void add(Span span) {
        received++;
        if (held >= sampling.maxSpans()) {
            dropped++;
            return;
        }
        Boolean decision = decided.get(span.traceId());
        if (decision != null) {
            if (decision || interesting(span)) {
                kept.add(span);
                held++;
            } else {
                sampledOut++;
            }
            return;
        }
        Pending p = pending.computeIfAbsent(span.traceId(), id -> new Pending());
        p.spans.add(span);
        p.lastNanos = clock.getAsLong();
        held++;
    }

    /** Decides every trace that has been quiet for {@link TailSampling#quiet()}. */
    public synchronized void decideQuiet() {
        long now = clock.getAsLong();
        for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Pending> e = it.next();
            if (now - e.getValue().lastNanos >= quietNanos) {
                decide(e.getKey(), e.getValue());
                it.remove();
            }
        }
    }

    /** Decides every pending trace now. */
    public synchronized void decideAll() {
        pending.forEach(this::decide);
        pending.clear();
    }

    private void decide(String traceId, Pending p) {
        boolean keep = p.spans.stream().anyMatch(this::interesting) || fraction(traceId);
        decided.put(traceId, keep);
        if (keep) {
            kept.addAll(p.spans);
        } else {
            sampledOut += p.spans.size();
            held -= p.spans.size();
        }
    }

    /** Failed, or a SERVER or root span at least {@code slow} long. */
    private boolean interesting(Span s) {
        return s.error() || ((s.kind() == Span.Kind.SERVER || s.parentSpanId() == null) && s.durationNanos() >= slowNanos);
    }

    /** The trace-id share of ordinary traces ({@link TailSampling#keepsByTraceId}). */
    boolean fraction(String traceId) {
        return sampling.keepsByTraceId(traceId);
    }

    /** Kept spans that ended at or after {@code sinceEpochNanos}, by start time. */
    public synchronized List<Span> kept(long sinceEpochNanos) {
        List<Span> out = new ArrayList<>();
        for (Span s : kept) {
            if (s.endEpochNanos() >= sinceEpochNanos) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparingLong(Span::startEpochNanos));
        return out;
    }

    public synchronized TraceStats stats(long rejectedRequests) {
        long pendingSpans = held - kept.size();
        return new TraceStats(received, kept.size(), sampledOut, dropped, pendingSpans, rejectedRequests);
    }
}
