package dev.firedrill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.harness.trace.Span;
import dev.firedrill.harness.trace.TailSampling;
import dev.firedrill.harness.trace.TraceCollector;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The app samples at the source: with {@code FIREDRILL_TRACE_KEEP_FRACTION} it exports a failed request's trace
 * always and an ordinary one only when its trace id falls in the fraction. The collector here keeps everything it
 * receives, so what it holds is what the app exported.
 */
class TraceSamplingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double FRACTION = 0.25;
    private static TraceCollector collector;
    private static App app;

    @BeforeAll
    static void start() throws Exception {
        collector = TraceCollector.start(TailSampling.defaults().withKeepFraction(1).withQuiet(Duration.ofMillis(200)));
        AppTestEnvironment env = AppTestEnvironment.shared();
        String db = env.newDatabase("tracesampling");
        Map<String, String> e = env.env("trace-sampling", db, env.newQueues());
        // a reader that is not there: a read that needs it fails with 503, which is a failed server span
        e.put("DB_READER_URL", "jdbc:postgresql://127.0.0.1:" + AppTestEnvironment.freePort() + "/" + db);
        e.put("DB_TIMEOUT_MS", "500");
        e.put("DB_READ_RETRIES", "0");
        e.put("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint().toString());
        e.put("OTEL_BSP_SCHEDULE_DELAY", "100");
        e.put("FIREDRILL_TRACE_KEEP_FRACTION", Double.toString(FRACTION));
        e.put("FIREDRILL_TRACE_SLOW_MS", "60000");
        app = App.start(e);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    private static String traceparent(String traceId) {
        return "00-" + traceId + "-00f067aa0ba902b7-01";
    }

    @Test
    void aFailedRequestIsAlwaysExportedAndAnOrdinaryOneOnlyWhenItsTraceIdIsInTheFraction() throws Exception {
        AppClient client = new AppClient(app.port());
        TailSampling rule = TailSampling.defaults().withKeepFraction(FRACTION);
        SplittableRandom random = new SplittableRandom(11);
        String outside = outsideTheFraction(rule, random);
        long id = JSON.readTree(client.post("/items", "{\"value\":1}", "traceparent", traceparent(outside)).body())
                .get("id").asLong();
        List<String> ordinary = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String traceId = String.format("%016x%016x", random.nextLong(), random.nextLong());
            HttpResponse<String> r = client.get("/items/" + id + "?consistent=true", "traceparent", traceparent(traceId));
            assertThat(r.statusCode()).isEqualTo(200);
            ordinary.add(traceId);
        }
        for (int i = 0; i < 5; i++) {
            // ids outside the fraction: only the failure can keep them
            String traceId = outsideTheFraction(rule, random);
            HttpResponse<String> r = client.get("/items?after=" + (id - 1), "traceparent", traceparent(traceId));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            failed.add(traceId);
        }
        Set<String> expected = new java.util.HashSet<>(failed);
        ordinary.stream().filter(rule::keepsByTraceId).forEach(expected::add);
        assertThat(expected.size() - failed.size()).as("some ordinary ids fall in a quarter, some do not")
                .isBetween(3, 25);

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Set<String> servers = Set.of();
        while (System.nanoTime() < deadline && !servers.containsAll(expected)) {
            Thread.sleep(200);
            collector.flush();
            servers = serverTraces();
        }
        Thread.sleep(1000); // anything exported that should not have been has arrived by now
        collector.flush();
        assertThat(serverTraces()).as("failed traces always, ordinary ones by trace id, nothing else")
                .containsExactlyInAnyOrderElementsOf(expected);
        List<Span> failedSpans = collector.spans(0).stream().filter(s -> failed.contains(s.traceId())).toList();
        assertThat(failedSpans).as("a failed trace comes with its error").anyMatch(Span::error);
    }

    private static String outsideTheFraction(TailSampling rule, SplittableRandom random) {
        String traceId;
        do {
            traceId = String.format("%016x%016x", random.nextLong(), random.nextLong());
        } while (rule.keepsByTraceId(traceId));
        return traceId;
    }

    private static Set<String> serverTraces() {
        return collector.spans(0).stream().filter(s -> s.kind() == Span.Kind.SERVER).map(Span::traceId)
                .collect(Collectors.toSet());
    }
}
