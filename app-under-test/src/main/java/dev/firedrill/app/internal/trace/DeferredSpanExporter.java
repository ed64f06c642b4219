package dev.firedrill.app.internal.trace;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * A span exporter built when the first batch is exported (on the batch processor's thread) instead of while the app
 * starts: the OTLP exporter's JDK HttpClient initialises the default SSLContext (the JDK's trust store) even for an
 * {@code http://} endpoint, ~0.1 s of CPU that would otherwise compete with the start-up of every instance. A flush
 * or shutdown before any export has nothing to send and builds nothing. If building fails, exports fail (the
 * processor drops the batch) and the cause is logged once.
 */
final class DeferredSpanExporter implements SpanExporter {
    private final Supplier<SpanExporter> build;
    private SpanExporter target;
    private Throwable failure;
    private boolean shutdown;

    DeferredSpanExporter(Supplier<SpanExporter> build) {
        this.build = build;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        SpanExporter e = target(true);
        return e == null ? CompletableResultCode.ofFailure() : e.export(spans);
    }

    @Override
    public CompletableResultCode flush() {
        SpanExporter e = target(false);
        return e == null ? CompletableResultCode.ofSuccess() : e.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        SpanExporter e;
        synchronized (this) {
            shutdown = true; // an export after this builds nothing
            e = target;
        }
        return e == null ? CompletableResultCode.ofSuccess() : e.shutdown();
    }

    /**
     * The exporter, built now if {@code buildNow}, not tried before and not shut down; null if not built (or
     * building failed).
     */
    private synchronized SpanExporter target(boolean buildNow) {
        if (target == null && failure == null && buildNow && !shutdown) {
            try {
                target = build.get();
            } catch (RuntimeException | LinkageError | java.util.ServiceConfigurationError e) {
                failure = e;
                LoggerFactory.getLogger(DeferredSpanExporter.class)
                        .warn("the OTLP span exporter could not be built; spans are dropped: {}", e.toString());
            }
        }
        return target;
    }

    @Override
    public synchronized String toString() {
        return "DeferredSpanExporter{" + (target != null ? target : failure != null ? failure : "not built yet") + "}";
    }
}
