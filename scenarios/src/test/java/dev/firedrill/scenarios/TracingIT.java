package dev.firedrill.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.harness.backend.embedded.EmbeddedBackend;
import dev.firedrill.harness.backend.embedded.EmbeddedDeployment;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.harness.topology.Tracing;
import dev.firedrill.harness.trace.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A request through the ALB into the reference app, found as one trace in the harness (real processes). */
class TracingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static EmbeddedDeployment d;
    private static URI lb;
    private static long since;

    @BeforeAll
    static void deploy() {
        since = Instant.now().toEpochMilli() * 1_000_000L;
        // keep every trace: this test is about what a trace holds, TraceCollectorTest about which are kept
        Topology t = Topology.builder().timeScale(0.05).instances(1).replicas(1)
                .tracing(new Tracing(true, 1.0, Duration.ofMillis(500))).build();
        d = new EmbeddedBackend().deploy(t);
        lb = URI.create(d.endpoints().loadBalancer());
    }

    @AfterAll
    static void close() {
        if (d != null) {
            d.close();
        }
    }

    private static HttpResponse<String> send(String method, String path, String traceId, String body, String cookie)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(lb.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return r;
    }

    /** Polls (generously: a busy 2-core machine) until the trace holds a span matching every predicate. */
    @SafeVarargs
    private static List<Span> awaitTrace(String traceId, Predicate<Span>... wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        List<Span> trace = List.of();
        while (System.nanoTime() < deadline) {
            d.traces().flush();
            trace = d.traces().spans(since).stream().filter(s -> s.traceId().equals(traceId)).toList();
            List<Span> seen = trace;
            if (java.util.Arrays.stream(wanted).allMatch(p -> seen.stream().anyMatch(p))) {
                return trace;
            }
            Thread.sleep(250);
        }
        return trace;
    }

    private static Optional<Span> find(List<Span> trace, Predicate<Span> p) {
        return trace.stream().filter(p).findFirst();
    }

    private static final Predicate<Span> ALB = s -> "alb".equals(s.service());
    private static final Predicate<Span> APP_SERVER = s -> !"alb".equals(s.service()) && s.kind() == Span.Kind.SERVER;
    private static final Predicate<Span> JDBC = s -> "postgresql".equals(s.attributes().get("db.system.name"))
            || "postgresql".equals(s.attributes().get("db.system"));
    private static final Predicate<Span> REDIS = s -> "redis".equals(s.attributes().get("db.system.name"))
            || "redis".equals(s.attributes().get("db.system"));

    @Test
    void aWriteThroughTheAlbIsOneTraceWithTheAlbAppJdbcAndRedisSpans() throws Exception {
        String write = "4bf92f3577b34da6a3ce929d0e0e4736";
        String read = "5bf92f3577b34da6a3ce929d0e0e4737";
        // POST /items writes on the writer pool, then caches the item in Redis
        long id = JSON.readTree(send("POST", "/items", write, "{\"value\":{\"name\":\"widget\"}}", null).body()).get("id").asLong();

        List<Span> w = awaitTrace(write, ALB, APP_SERVER, JDBC, REDIS);
        Span alb = find(w, ALB).orElseThrow(() -> new AssertionError("no ALB span in " + w));
        Span app = find(w, APP_SERVER).orElseThrow(() -> new AssertionError("no app server span in " + w));
        assertThat(alb.parentSpanId()).as("the ALB continues the client's traceparent").isEqualTo("00f067aa0ba902b7");
        assertThat(alb.attributes()).containsEntry("alb.target.id", "app-1").containsEntry("alb.elb.status_code", "201");
        assertThat(app.parentSpanId()).as("the app's server span is the ALB span's child").isEqualTo(alb.spanId());
        assertThat(app.instance()).isEqualTo("app-1");
        assertThat(app.attributes()).containsEntry("http.route", "/items");
        assertThat(find(w, JDBC)).as("the write's JDBC span names its pool: " + w).hasValueSatisfying(s ->
                assertThat(s.attributes()).containsEntry("db.client.connection.pool.name", "db-writer"));
        assertThat(find(w, REDIS)).as("the item cached in Redis: " + w).isPresent();

        // a plain read bypassing the cache goes to the replica, on the reader pool
        HttpRequest noCache = HttpRequest.newBuilder(lb.resolve("/items/" + id)).timeout(Duration.ofSeconds(10))
                .header("traceparent", "00-" + read + "-00f067aa0ba902b7-01").header("Cache-Control", "no-cache").build();
        HTTP.send(noCache, HttpResponse.BodyHandlers.ofString());
        List<Span> r = awaitTrace(read, ALB, APP_SERVER, JDBC);
        assertThat(find(r, JDBC)).as("the read's JDBC span: " + r).hasValueSatisfying(s ->
                assertThat(s.attributes()).containsEntry("db.client.connection.pool.name", "db-reader"));
    }

    @Test
    void aSessionIsTracedThroughRedis() throws Exception {
        String login = "6bf92f3577b34da6a3ce929d0e0e4738";
        String me = "7bf92f3577b34da6a3ce929d0e0e4739";
        HttpResponse<String> r = send("POST", "/login", login, "{\"user\":\"alice\"}", null);
        String cookie = r.headers().firstValue("set-cookie").orElseThrow().split(";", 2)[0];
        send("GET", "/me", me, null, cookie);
        List<Span> t = awaitTrace(me, ALB, APP_SERVER, REDIS);
        assertThat(find(t, REDIS)).hasValueSatisfying(s -> assertThat(s.name()).contains("GET"));
        assertThat(awaitTrace(login, REDIS)).anyMatch(s -> s.name().contains("SET"));
    }

    @Test
    void aJobsWorkerSpanIsLinkedToTheRequestThatEnqueuedIt() throws Exception {
        String enqueue = "8bf92f3577b34da6a3ce929d0e0e4740";
        send("POST", "/jobs", enqueue, "{\"payload\":{\"x\":1}}", null);
        Predicate<Span> producer = s -> s.kind() == Span.Kind.PRODUCER;
        Predicate<Span> consumer = s -> s.kind() == Span.Kind.CONSUMER;
        List<Span> t = awaitTrace(enqueue, APP_SERVER, producer, consumer);
        Span sent = find(t, producer).orElseThrow(() -> new AssertionError("no producer span in " + t));
        Span worker = find(t, consumer).orElseThrow(() -> new AssertionError("no worker span in " + t));
        assertThat(worker.links()).as("the worker's span links to the send").contains(new Span.Link(enqueue, sent.spanId()));
        assertThat(worker.parentSpanId()).isEqualTo(sent.spanId());
        assertThat(t).as("the job's DB work is nested under the worker's span")
                .anyMatch(s -> JDBC.test(s) && worker.spanId().equals(s.parentSpanId()));
    }
}
