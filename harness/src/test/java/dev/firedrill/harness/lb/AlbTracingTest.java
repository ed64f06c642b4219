package dev.firedrill.harness.lb;

import static dev.firedrill.harness.lb.AlbTestSupport.awaitState;
import static dev.firedrill.harness.lb.AlbTestSupport.fastConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.trace.Span;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AlbTracingTest {
    private static final String TRACE = "5f0000001234567890abcdef12345678";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";

    @Test
    void aForwardedRequestContinuesTheClientsTraceAndRecordsOneSpan() throws Exception {
        List<Span> spans = new CopyOnWriteArrayList<>();
        try (TestTarget a = new TestTarget("a"); AlbSimulator alb = AlbSimulator.start(fastConfig().build(), spans::add)) {
            alb.register("a", a.address(), "us-east-1a");
            awaitState(alb, "a", TargetState.HEALTHY);
            HttpResponse<String> r = AlbTestSupport.HTTP.send(AlbTestSupport.request(alb.url().resolve("/orders"))
                    .header("traceparent", "00-" + TRACE + "-" + CLIENT_SPAN + "-01").build(), HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(200);
            // the span ends once the ALB's last write completed, which can be just after the client read the response
            Await.until("the ALB's span", java.time.Duration.ofSeconds(5), () -> !spans.isEmpty(), () -> spans);
            assertThat(spans).hasSize(1);
            Span s = spans.get(0);
            assertThat(s.traceId()).as("the client's trace id is kept").isEqualTo(TRACE);
            assertThat(s.parentSpanId()).isEqualTo(CLIENT_SPAN);
            assertThat(s.service()).isEqualTo("alb");
            assertThat(s.kind()).isEqualTo(Span.Kind.SERVER);
            assertThat(s.attributes()).containsEntry("alb.target.id", "a").containsEntry("alb.elb.status_code", "200")
                    .containsEntry("alb.target.status_code", "200");
            assertThat(r.headers().firstValue("Echo-traceparent")).as("the target's parent is the ALB's span")
                    .hasValue("00-" + TRACE + "-" + s.spanId() + "-01");
            assertThat(r.headers().firstValue("Echo-X-Amzn-Trace-Id")).as("X-Ray's Root is the same trace id")
                    .hasValue("Root=1-5f000000-1234567890abcdef12345678");
        }
    }

    @Test
    void withoutATraceparentTheAlbStartsAnXrayShapedTraceAndAnErrorSpanForA503() throws Exception {
        List<Span> spans = new CopyOnWriteArrayList<>();
        try (AlbSimulator alb = AlbSimulator.start(fastConfig().build(), spans::add)) {
            HttpResponse<String> r = AlbTestSupport.get(alb, "/");
            assertThat(r.statusCode()).isEqualTo(503);
            // the span ends once the ALB's last write completed, which can be just after the client read the response
            Await.until("the ALB's span", java.time.Duration.ofSeconds(5), () -> !spans.isEmpty(), () -> spans);
            assertThat(spans).hasSize(1);
            assertThat(spans.get(0).parentSpanId()).isNull();
            assertThat(spans.get(0).traceId()).matches("[0-9a-f]{32}");
            assertThat(spans.get(0).error()).isTrue();
            assertThat(spans.get(0).attributes()).containsEntry("alb.error", "no-registered-targets");
        }
    }
}
