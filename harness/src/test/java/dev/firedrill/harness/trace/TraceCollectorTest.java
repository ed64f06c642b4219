package dev.firedrill.harness.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.firedrill.harness.trace.internal.TraceBuffer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TraceCollectorTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong clock = new AtomicLong();
    private static final TailSampling NONE_OF_THE_REST = TailSampling.defaults().withKeepFraction(0)
            .withSlow(Duration.ofMillis(500)).withQuiet(Duration.ofSeconds(2));

    private static Span span(String traceId, String spanId, String parent, Span.Kind kind, long durationMs, boolean error) {
        return new Span(traceId, spanId, parent, "GET", kind, "app", "app-1", 1_000 * MS, (1_000 + durationMs) * MS,
                error, null, Map.of(), List.of());
    }

    private static String trace(int i) {
        return String.format("%032x", 0x1234_0000L + i);
    }

    @Test
    void aTraceWithAnErrorSpanIsKeptEvenWhenTheFractionIsZero() {
        TraceBuffer b = new TraceBuffer(NONE_OF_THE_REST, clock::get);
        b.add(span(trace(1), "00000000000000a1", null, Span.Kind.SERVER, 5, false));
        b.add(span(trace(1), "00000000000000a2", "00000000000000a1", Span.Kind.CLIENT, 2, true));
        b.add(span(trace(2), "00000000000000b1", null, Span.Kind.SERVER, 5, false));
        b.decideAll();
        assertThat(b.kept(0)).extracting(Span::traceId).containsOnly(trace(1)).hasSize(2);
        assertThat(b.stats(0).sampledOut()).isEqualTo(1);
    }

    @Test
    void aTraceWithASlowServerSpanIsKept() {
        TraceBuffer b = new TraceBuffer(NONE_OF_THE_REST, clock::get);
        b.add(span(trace(1), "00000000000000a0", "00000000000000ff", Span.Kind.SERVER, 600, false));
        b.add(span(trace(2), "00000000000000b0", "00000000000000ff", Span.Kind.CLIENT, 600, false));
        b.decideAll();
        assertThat(b.kept(0)).as("a slow CLIENT span with a parent does not keep its trace")
                .extracting(Span::traceId).containsExactly(trace(1));
    }

    @Test
    void theRestIsKeptByTraceIdAsTraceIdRatioBasedDecides() {
        TailSampling tenth = NONE_OF_THE_REST.withKeepFraction(0.1);
        TraceBuffer a = new TraceBuffer(tenth, clock::get);
        TraceBuffer again = new TraceBuffer(tenth, clock::get);
        java.util.SplittableRandom ids = new java.util.SplittableRandom(7);
        List<String> traces = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            traces.add(String.format("%016x%016x", ids.nextLong(), ids.nextLong()));
        }
        for (String id : traces) {
            for (TraceBuffer b : List.of(a, again)) {
                b.add(span(id, "00000000000000a1", null, Span.Kind.SERVER, 5, false));
            }
        }
        a.decideAll();
        again.decideAll();
        assertThat(a.kept(0).size()).as("about 10 %% of 2000").isBetween(150, 250);
        assertThat(again.kept(0)).as("same ids: same traces").isEqualTo(a.kept(0));
        long bound = (long) (0.1 * Long.MAX_VALUE);
        assertThat(a.kept(0)).extracting(Span::traceId).as("the id's low 64 bits below fraction × Long.MAX_VALUE")
                .containsExactlyInAnyOrderElementsOf(traces.stream()
                        .filter(id -> Math.abs(Long.parseUnsignedLong(id.substring(16), 16)) < bound).toList());
    }

    @Test
    void aTraceIsDecidedOnceQuietAndLateSpansFollowTheDecision() {
        TraceBuffer b = new TraceBuffer(NONE_OF_THE_REST.withKeepFraction(1), clock::get);
        b.add(span(trace(1), "00000000000000a1", null, Span.Kind.SERVER, 5, false));
        clock.set(1_999 * MS);
        b.decideQuiet();
        assertThat(b.kept(0)).as("not quiet for 2 s yet").isEmpty();
        clock.set(2_000 * MS);
        b.decideQuiet();
        assertThat(b.kept(0)).hasSize(1);
        b.add(span(trace(1), "00000000000000a2", "00000000000000a1", Span.Kind.CONSUMER, 5, false));
        assertThat(b.kept(0)).as("a late span of a kept trace is kept").hasSize(2);
    }

    @Test
    void memoryIsCappedAndWhatWasDroppedIsCounted() {
        TraceBuffer b = new TraceBuffer(NONE_OF_THE_REST.withKeepFraction(1).withMaxSpans(10), clock::get);
        for (int i = 0; i < 25; i++) {
            b.add(span(trace(i), "00000000000000a1", null, Span.Kind.SERVER, 5, false));
        }
        b.decideAll();
        TraceStats s = b.stats(0);
        assertThat(s.received()).isEqualTo(25);
        assertThat(s.kept()).isEqualTo(10);
        assertThat(s.dropped()).isEqualTo(15);
        assertThat(s.pending()).isZero();
    }

    @Test
    void spansArriveOverOtlpProtobufAndJson() throws Exception {
        try (TraceCollector c = TraceCollector.start(TailSampling.defaults().withKeepFraction(1))) {
            HexFormat hex = HexFormat.of();
            io.opentelemetry.proto.trace.v1.Span s = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                    .setTraceId(ByteString.copyFrom(hex.parseHex(trace(7)))).setSpanId(ByteString.copyFrom(hex.parseHex("00000000000000c1")))
                    .setName("GET /items/{id}").setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER)
                    .setStartTimeUnixNano(10).setEndTimeUnixNano(20)
                    .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
                    .addAttributes(kv("http.response.status_code", AnyValue.newBuilder().setIntValue(503).build()))
                    .build();
            ExportTraceServiceRequest req = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(kv("service.name", str("app")))
                            .addAttributes(kv("service.instance.id", str("app-2"))))
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(s))).build();
            HttpClient http = HttpClient.newHttpClient();
            URI url = c.endpoint().resolve("/v1/traces");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(req.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            String json = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"py\"}}]},"
                    + "\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + trace(8) + "\",\"spanId\":\"00000000000000d1\","
                    + "\"parentSpanId\":\"00000000000000d0\",\"name\":\"SELECT\",\"kind\":3,\"startTimeUnixNano\":\"30\","
                    + "\"endTimeUnixNano\":\"40\",\"links\":[{\"traceId\":\"" + trace(7) + "\",\"spanId\":\"00000000000000c1\"}]}]}]}]}";
            r = http.send(HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            r = http.send(HttpRequest.newBuilder(url).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(415);

            c.flush();
            List<Span> spans = c.spans(0);
            assertThat(spans).hasSize(2);
            Span server = spans.get(0);
            assertThat(server.traceId()).isEqualTo(trace(7));
            assertThat(server.kind()).isEqualTo(Span.Kind.SERVER);
            assertThat(server.service()).isEqualTo("app");
            assertThat(server.instance()).isEqualTo("app-2");
            assertThat(server.error()).isTrue();
            assertThat(server.status()).isEqualTo("boom");
            assertThat(server.parentSpanId()).isNull();
            assertThat(server.attributes()).containsEntry("http.response.status_code", "503");
            Span client = spans.get(1);
            assertThat(client.kind()).isEqualTo(Span.Kind.CLIENT);
            assertThat(client.parentSpanId()).isEqualTo("00000000000000d0");
            assertThat(client.links()).containsExactly(new Span.Link(trace(7), "00000000000000c1"));
            assertThat(c.spans(35)).as("only spans that ended since").containsExactly(client);
            assertThat(c.stats().rejectedRequests()).isEqualTo(1);
        }
    }

    private static KeyValue kv(String k, AnyValue v) {
        return KeyValue.newBuilder().setKey(k).setValue(v).build();
    }

    private static AnyValue str(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }
}
