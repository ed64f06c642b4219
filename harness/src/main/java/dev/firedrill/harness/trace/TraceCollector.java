package dev.firedrill.harness.trace;

import dev.firedrill.harness.trace.internal.OtlpReceiver;
import dev.firedrill.harness.trace.internal.TraceBuffer;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Receives the spans of a stack and keeps a tail-sampled share of them: an OTLP/HTTP receiver on 127.0.0.1 (any
 * app that exports OTLP, given {@code OTEL_EXPORTER_OTLP_ENDPOINT=}{@link #endpoint()}) plus an in-process
 * {@link SpanSink} (the ALB simulator). Traces are decided by {@link TailSampling} once quiet; memory is bounded by
 * {@link TailSampling#maxSpans()} and {@link #stats()} says what was dropped.
 *
 * <pre>{@code
 * try (TraceCollector traces = TraceCollector.start(TailSampling.defaults())) {
 *     env.put("OTEL_EXPORTER_OTLP_ENDPOINT", traces.endpoint().toString());
 *     ...
 *     traces.flush();
 *     List<Span> spans = traces.spans(runStartEpochNanos);
 * }
 * }</pre>
 */
public final class TraceCollector implements SpanSink, AutoCloseable {
    private final TailSampling sampling;
    private final TraceBuffer buffer;
    private final OtlpReceiver receiver;
    private final ScheduledExecutorService decider;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TraceCollector(TailSampling sampling) {
        this.sampling = sampling;
        this.buffer = new TraceBuffer(sampling, System::nanoTime);
        this.receiver = new OtlpReceiver(buffer::add);
        this.decider = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "firedrill-trace-sampler");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(50, sampling.quiet().toMillis() / 4);
        decider.scheduleWithFixedDelay(buffer::decideQuiet, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Listens on a free port of 127.0.0.1 and starts deciding traces.
     *
     * @throws dev.firedrill.harness.ProvisioningException when no port can be bound
     */
    public static TraceCollector start(TailSampling sampling) {
        return new TraceCollector(sampling);
    }

    /** {@code http://127.0.0.1:<port>}: the value of {@code OTEL_EXPORTER_OTLP_ENDPOINT} (the SDKs add {@code /v1/traces}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + receiver.port());
    }

    public TailSampling sampling() {
        return sampling;
    }

    /** Takes a span made in-process (the ALB's); the same sampling as OTLP spans. */
    @Override
    public void accept(Span span) {
        buffer.add(span);
    }

    /** Decides every trace still pending now (at the end of a run, before reading {@link #spans}). */
    public void flush() {
        buffer.decideAll();
    }

    /** The kept spans that ended at or after {@code sinceEpochNanos}, by start time; pending traces are not included. */
    public List<Span> spans(long sinceEpochNanos) {
        return buffer.kept(sinceEpochNanos);
    }

    public TraceStats stats() {
        return buffer.stats(receiver.rejectedRequests());
    }

    /** Stops the receiver and the sampler; kept spans stay readable. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            receiver.close();
            decider.shutdownNow();
        }
    }
}
