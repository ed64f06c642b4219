package dev.firedrill.app.internal.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeferredSpanExporterTest {

    /** Records what it was asked to do; its shutdown fails, so passing results on is visible. */
    private static final class Recording implements SpanExporter {
        final List<String> calls = new ArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            calls.add("export " + spans.size());
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            calls.add("flush");
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            calls.add("shutdown");
            return CompletableResultCode.ofFailure();
        }
    }

    @Test
    void theExporterIsBuiltByTheFirstExportOnceAndThenGetsEveryCall() {
        AtomicInteger builds = new AtomicInteger();
        Recording target = new Recording();
        DeferredSpanExporter deferred = new DeferredSpanExporter(() -> {
            builds.incrementAndGet();
            return target;
        });
        assertThat(deferred.flush().isSuccess()).isTrue();
        assertThat(builds).hasValue(0);

        assertThat(deferred.export(List.of()).isSuccess()).isTrue();
        assertThat(deferred.export(List.of()).isSuccess()).isTrue();
        assertThat(deferred.flush().isSuccess()).isTrue();
        assertThat(deferred.shutdown().isSuccess()).isFalse(); // the target's result is passed on
        assertThat(builds).hasValue(1);
        assertThat(target.calls).containsExactly("export 0", "export 0", "flush", "shutdown");
    }

    @Test
    void aShutdownBeforeAnyExportBuildsNothing() {
        AtomicInteger builds = new AtomicInteger();
        DeferredSpanExporter deferred = new DeferredSpanExporter(() -> {
            builds.incrementAndGet();
            return new Recording();
        });
        assertThat(deferred.shutdown().isSuccess()).isTrue();
        assertThat(deferred.export(List.of()).isSuccess()).isFalse(); // shut down: nothing is built to send it
        assertThat(builds).hasValue(0);
    }

    @Test
    void aFailedBuildFailsExportsAndIsNotRetried() {
        AtomicInteger builds = new AtomicInteger();
        DeferredSpanExporter deferred = new DeferredSpanExporter(() -> {
            builds.incrementAndGet();
            throw new IllegalStateException("no HTTP client");
        });
        assertThat(deferred.export(List.of()).isSuccess()).isFalse();
        assertThat(deferred.export(List.of()).isSuccess()).isFalse();
        assertThat(deferred.shutdown().isSuccess()).isTrue();
        assertThat(builds).hasValue(1);
        assertThat(deferred.toString()).contains("no HTTP client");
    }
}
