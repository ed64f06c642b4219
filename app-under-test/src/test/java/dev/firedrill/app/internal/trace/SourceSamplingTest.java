package dev.firedrill.app.internal.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.trace.TailSampling;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SourceSamplingTest {
    private final List<ReadableSpan> exported = new CopyOnWriteArrayList<>();
    private final SpanProcessor sink = new SpanProcessor() {
        @Override public void onStart(Context parent, ReadWriteSpan span) { }
        @Override public boolean isStartRequired() { return false; }
        @Override public void onEnd(ReadableSpan span) { exported.add(span); }
        @Override public boolean isEndRequired() { return true; }
        @Override public CompletableResultCode shutdown() { return CompletableResultCode.ofSuccess(); }
    };

    private SourceSampling sampling(double fraction, int maxSpans) {
        return new SourceSampling(sink, new TraceIdRatio(fraction), TimeUnit.MILLISECONDS.toNanos(500), maxSpans);
    }

    private static Tracer tracer(SpanProcessor p) {
        return SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).addSpanProcessor(p).build().get("test");
    }

    /** A remote parent (the ALB's span) of the given trace. */
    private static Context remote(String traceId) {
        return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(traceId, "00f067aa0ba902b7",
                TraceFlags.getSampled(), TraceState.getDefault())));
    }

    /** A request: server span continuing {@code traceId}, one client span under it, optionally failing. */
    private static void request(Tracer t, String traceId, boolean childFails, long durationMs) {
        long start = 1_000_000_000L;
        Span server = t.spanBuilder("GET /items/{id}").setSpanKind(SpanKind.SERVER).setParent(remote(traceId))
                .setStartTimestamp(start, TimeUnit.NANOSECONDS).startSpan();
        try (Scope ignored = server.makeCurrent()) {
            Span db = t.spanBuilder("SELECT").setSpanKind(SpanKind.CLIENT).startSpan();
            if (childFails) {
                db.setStatus(StatusCode.ERROR, "connection refused");
            }
            db.end();
        }
        server.end(start + TimeUnit.MILLISECONDS.toNanos(durationMs), TimeUnit.NANOSECONDS);
    }

    private static List<String> ids(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> String.format("%016x%016x", r.nextLong(), r.nextLong())).toList();
    }

    private List<String> exportedTraces() {
        return exported.stream().map(s -> s.getSpanContext().getTraceId()).distinct().toList();
    }

    @Test
    void aFailedRequestsTraceIsAlwaysExportedWithAllItsSpans() {
        Tracer t = tracer(sampling(0, 1000));
        for (String id : ids(20, 1)) {
            request(t, id, true, 5);
        }
        assertThat(exported).as("fraction 0, but every trace has a failed span: server + client each").hasSize(40);
    }

    @Test
    void aSlowServerSpanKeepsItsTrace() {
        Tracer t = tracer(sampling(0, 1000));
        request(t, ids(1, 2).get(0), false, 499);
        assertThat(exported).isEmpty();
        request(t, ids(1, 3).get(0), false, 500);
        assertThat(exported).hasSize(2);
    }

    @Test
    void ordinaryRequestsAreExportedOnlyAtTheFractionChosenByTraceIdLikeTheCollectorAndTraceIdRatioBased() {
        Tracer t = tracer(sampling(0.1, 1000));
        List<String> ids = ids(2000, 4);
        ids.forEach(id -> request(t, id, false, 5));
        Sampler otel = Sampler.traceIdRatioBased(0.1);
        TailSampling collector = TailSampling.defaults().withKeepFraction(0.1);
        List<String> byOtel = ids.stream().filter(id -> otel.shouldSample(Context.root(), id, "x", SpanKind.SERVER,
                Attributes.empty(), List.<LinkData>of()).getDecision() == SamplingDecision.RECORD_AND_SAMPLE).toList();
        assertThat(exportedTraces()).as("the same traces as OTel's TraceIdRatioBased(0.1)")
                .containsExactlyInAnyOrderElementsOf(byOtel);
        assertThat(exportedTraces()).as("and as the harness's collector keeps")
                .containsExactlyInAnyOrderElementsOf(ids.stream().filter(collector::keepsByTraceId).toList());
        assertThat(byOtel.size()).as("about a tenth").isBetween(150, 250);
        assertThat(exported).as("a kept trace keeps all its spans").hasSize(2 * byOtel.size());
    }

    @Test
    void aSpanEndingAfterItsLocalRootFollowsTheVerdictUnlessItFailed() {
        Tracer t = tracer(sampling(0, 1000));
        String id = ids(1, 5).get(0);
        Span server = t.spanBuilder("POST /items").setSpanKind(SpanKind.SERVER).setParent(remote(id)).startSpan();
        Span async = t.spanBuilder("async").setParent(Context.root().with(server)).startSpan();
        Span asyncFailed = t.spanBuilder("async-failed").setParent(Context.root().with(server)).startSpan();
        server.end();
        async.end();
        assertThat(exported).as("dropped with its trace").isEmpty();
        asyncFailed.setStatus(StatusCode.ERROR);
        asyncFailed.end();
        assertThat(exported).extracting(ReadableSpan::getName).containsExactly("async-failed");
    }

    @Test
    void pastTheBoundSpansGoStraightToTheExporterAndShutdownReleasesTheUndecided() {
        SourceSampling s = sampling(0, 3);
        Tracer t = tracer(s);
        String id = ids(1, 6).get(0);
        Span server = t.spanBuilder("GET /slow").setSpanKind(SpanKind.SERVER).setParent(remote(id)).startSpan();
        for (int i = 0; i < 5; i++) {
            t.spanBuilder("child-" + i).setParent(Context.root().with(server)).startSpan().end();
        }
        assertThat(s.waiting()).isEqualTo(3);
        assertThat(s.passedThrough()).isEqualTo(2);
        assertThat(exported).extracting(ReadableSpan::getName).containsExactly("child-3", "child-4");
        s.shutdown();
        assertThat(exported).as("at shutdown the collector decides what never got a verdict here").hasSize(5);
    }
}
