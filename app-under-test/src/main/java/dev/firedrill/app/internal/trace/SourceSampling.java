package dev.firedrill.app.internal.trace;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Tail sampling at the source: a trace's ended spans wait here until its <em>local root</em> ends (the span whose
 * parent is remote or absent: a request's server span, a worker's consumer span), which decides for them all. Kept,
 * and handed to {@code next} (the batch exporter): a trace with an error span, a local root that is a SERVER span
 * or has no parent at all and lasted at least {@code slow}, and the {@link TraceIdRatio} share of the rest: the
 * rule of firedrill's collector, so whatever the app keeps the collector keeps too. The others are never
 * serialized or sent.
 *
 * <p>A span ending after its local root (async work) follows the remembered verdict, or is kept on its own when it
 * failed. Memory is bounded: past {@code maxSpans} waiting, a span goes straight to {@code next} (the collector
 * downstream still samples what it receives) and is counted in {@link #passedThrough()}.
 */
final class SourceSampling implements SpanProcessor {
    /** Verdicts remembered for late spans, by the trace id's low bits (a collision forgets the older one). */
    private static final int VERDICTS = 4096;

    private final SpanProcessor next;
    private final TraceIdRatio ratio;
    private final long slowNanos;
    private final int maxSpans;
    private final ConcurrentHashMap<String, List<ReadableSpan>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicReferenceArray<Verdict> verdicts = new AtomicReferenceArray<>(VERDICTS);
    private final AtomicLong kept = new AtomicLong();
    private final AtomicLong sampledOut = new AtomicLong();
    private final AtomicLong passedThrough = new AtomicLong();

    private record Verdict(String traceId, boolean keep) {
    }

    SourceSampling(SpanProcessor next, TraceIdRatio ratio, long slowNanos, int maxSpans) {
        this.next = next;
        this.ratio = ratio;
        this.slowNanos = slowNanos;
        this.maxSpans = maxSpans;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        next.onStart(parentContext, span);
    }

    @Override
    public boolean isStartRequired() {
        return next.isStartRequired();
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        String traceId = span.getSpanContext().getTraceId();
        SpanContext parent = span.getParentSpanContext();
        if (!parent.isValid() || parent.isRemote()) {
            endLocalRoot(traceId, span);
            return;
        }
        Verdict v = verdicts.get(slot(traceId));
        if (v != null && v.traceId.equals(traceId)) {
            forwardIf(v.keep || failed(span), span);
            return;
        }
        if (held.incrementAndGet() > maxSpans) {
            held.decrementAndGet();
            passedThrough.incrementAndGet();
            next.onEnd(span);
            return;
        }
        waiting.compute(traceId, (id, list) -> {
            List<ReadableSpan> l = list == null ? new ArrayList<>(4) : list;
            l.add(span);
            return l;
        });
    }

    private void endLocalRoot(String traceId, ReadableSpan root) {
        List<ReadableSpan> children = waiting.remove(traceId);
        boolean keep = failed(root) || slow(root) || ratio.keeps(traceId);
        if (!keep && children != null) {
            for (ReadableSpan s : children) {
                if (failed(s)) {
                    keep = true;
                    break;
                }
            }
        }
        if (children != null) {
            held.addAndGet(-children.size());
            for (ReadableSpan s : children) {
                forwardIf(keep, s);
            }
        }
        forwardIf(keep, root);
        verdicts.set(slot(traceId), new Verdict(traceId, keep));
    }

    private void forwardIf(boolean keep, ReadableSpan span) {
        if (keep) {
            kept.incrementAndGet();
            next.onEnd(span);
        } else {
            sampledOut.incrementAndGet();
        }
    }

    private static boolean failed(ReadableSpan s) {
        return s.toSpanData().getStatus().getStatusCode() == StatusCode.ERROR;
    }

    private boolean slow(ReadableSpan s) {
        return (s.getKind() == SpanKind.SERVER || !s.getParentSpanContext().isValid()) && s.getLatencyNanos() >= slowNanos;
    }

    private static int slot(String traceId) {
        return (int) TraceIdRatio.lowBits(traceId) & (VERDICTS - 1);
    }

    /** Spans handed to the exporter because their trace was kept. */
    long kept() {
        return kept.get();
    }

    /** Spans let go. */
    long sampledOut() {
        return sampledOut.get();
    }

    /** Spans exported undecided because {@code maxSpans} were already waiting. */
    long passedThrough() {
        return passedThrough.get();
    }

    /** Spans waiting for their local root. */
    int waiting() {
        return held.get();
    }

    /** Exports the undecided spans (their roots never ended here) so the collector can decide them, then flushes. */
    private void releaseWaiting() {
        for (String id : List.copyOf(waiting.keySet())) {
            List<ReadableSpan> l = waiting.remove(id);
            if (l != null) {
                held.addAndGet(-l.size());
                l.forEach(next::onEnd);
            }
        }
    }

    @Override
    public CompletableResultCode forceFlush() {
        return next.forceFlush();
    }

    @Override
    public CompletableResultCode shutdown() {
        releaseWaiting();
        return next.shutdown();
    }
}
