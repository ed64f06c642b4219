package dev.firedrill.harness.lb;

import static dev.firedrill.harness.lb.AlbTestSupport.awaitState;
import static dev.firedrill.harness.lb.AlbTestSupport.fastConfig;
import static dev.firedrill.harness.lb.AlbTestSupport.get;
import static dev.firedrill.harness.lb.AlbTestSupport.getAsync;
import static dev.firedrill.harness.lb.AlbTestSupport.servedBy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.topology.RoutingAlgorithm;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlbRoutingTest {
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T t) {
        resources.add(t);
        return t;
    }

    private AlbSimulator alb(AlbConfig config, TestTarget... targets) {
        AlbSimulator alb = track(AlbSimulator.start(config));
        for (TestTarget t : targets) {
            alb.register(t.id, t.address(), "us-east-1a");
        }
        for (TestTarget t : targets) {
            awaitState(alb, t.id, TargetState.HEALTHY);
        }
        return alb;
    }

    @Test
    void roundRobinSpreadsRequestsOverEveryHealthyTarget() throws Exception {
        TestTarget a = track(new TestTarget("a"));
        TestTarget b = track(new TestTarget("b"));
        TestTarget c = track(new TestTarget("c"));
        AlbSimulator alb = alb(fastConfig().build(), a, b, c);

        Map<String, Integer> hits = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> r = get(alb, "/orders");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).as("body comes from the target named in X-Firedrill-Target").isEqualTo(servedBy(r));
            hits.merge(servedBy(r), 1, Integer::sum);
        }

        assertThat(hits).as("every healthy target serves some of the 30 requests").containsOnlyKeys("a", "b", "c");
        assertThat(hits.values()).as("round robin spreads evenly (±5 for a health flap on a busy machine)")
                .allSatisfy(n -> assertThat(n).isBetween(5, 15));
        assertThat(alb.stats().requestsTo("a") + alb.stats().requestsTo("b") + alb.stats().requestsTo("c")).isEqualTo(30);
        // a response is counted once its last write completed, which can be just after the client read it
        Await.until("30 responses counted", java.time.Duration.ofSeconds(5),
                () -> Long.valueOf(30L).equals(alb.stats().responsesByStatus().get(200)),
                () -> alb.stats().responsesByStatus());
    }

    @Test
    void leastOutstandingRequestsPrefersTheIdleTarget() throws Exception {
        TestTarget a = track(new TestTarget("a"));
        TestTarget b = track(new TestTarget("b"));
        AlbSimulator alb = alb(fastConfig().algorithm(RoutingAlgorithm.LEAST_OUTSTANDING_REQUESTS).build(), a, b);

        CompletableFuture<HttpResponse<String>> slow = getAsync(alb, "/slow");
        Await.until("the slow request to reach a target", java.time.Duration.ofSeconds(5),
                () -> a.served.get() + b.served.get() == 1, () -> a.served + "/" + b.served);
        String busy = a.served.get() == 1 ? "a" : "b";
        String idle = busy.equals("a") ? "b" : "a";

        for (int i = 0; i < 10; i++) {
            assertThat(servedBy(get(alb, "/quick"))).as("request %d avoids %s, which has one outstanding request", i, busy)
                    .isEqualTo(idle);
        }
        a.release();
        b.release();
        assertThat(servedBy(slow.get(10, TimeUnit.SECONDS))).isEqualTo(busy);
    }

    @Test
    void failsOpenToAllTargetsWhenNoneIsHealthy() throws Exception {
        TestTarget a = track(new TestTarget("a"));
        TestTarget b = track(new TestTarget("b"));
        a.healthStatus.set(500);
        b.healthStatus.set(500);
        AlbSimulator alb = track(AlbSimulator.start(fastConfig().build()));
        alb.register("a", a.address(), "us-east-1a");
        alb.register("b", b.address(), "us-east-1b");
        awaitState(alb, "a", TargetState.UNHEALTHY);
        awaitState(alb, "b", TargetState.UNHEALTHY);

        Map<String, Integer> hits = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = get(alb, "/");
            assertThat(r.statusCode()).as("an ALB whose targets are all unhealthy still forwards").isEqualTo(200);
            hits.merge(servedBy(r), 1, Integer::sum);
        }
        assertThat(hits).as("fail-open routes to every unhealthy target").containsOnlyKeys("a", "b");
    }

    @Test
    void answers503WhenNoTargetIsRegistered() throws Exception {
        AlbSimulator alb = track(AlbSimulator.start(fastConfig().build()));

        HttpResponse<String> r = get(alb, "/anything");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("X-Firedrill-Lb-Error")).hasValue("no-registered-targets");
        assertThat(r.body()).contains("503 Service Temporarily Unavailable");
        Await.until("the error counted", java.time.Duration.ofSeconds(5),
                () -> Long.valueOf(1L).equals(alb.stats().errorsByReason().get("no-registered-targets")),
                () -> alb.stats().errorsByReason());
    }

    @Test
    void forwardedRequestsCarryForwardingAndTraceHeaders() throws Exception {
        TestTarget a = track(new TestTarget("a"));
        AlbSimulator alb = alb(fastConfig().build(), a);

        HttpResponse<String> plain = get(alb, "/");
        HttpResponse<String> proxied = AlbTestSupport.HTTP.send(AlbTestSupport.request(alb.url())
                .header("X-Forwarded-For", "203.0.113.7").header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Port", "443").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(plain.headers().firstValue("Echo-X-Forwarded-For")).hasValue("127.0.0.1");
        assertThat(proxied.headers().firstValue("Echo-X-Forwarded-For")).as("the client address is appended")
                .hasValue("203.0.113.7, 127.0.0.1");
        assertThat(plain.headers().firstValue("Echo-X-Forwarded-Proto")).hasValue("http");
        assertThat(proxied.headers().allValues("Echo-X-Forwarded-Proto")).as("the client's is replaced, not kept")
                .containsExactly("http");
        assertThat(proxied.headers().allValues("Echo-X-Forwarded-Port")).containsExactly(Integer.toString(alb.port()));
        assertThat(plain.headers().firstValue("Echo-X-Forwarded-Port")).hasValue(Integer.toString(alb.port()));
        assertThat(plain.headers().firstValue("Echo-X-Amzn-Trace-Id")).hasValueSatisfying(
                v -> assertThat(v).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}"));
    }

    @Test
    void requestBodiesAndQueriesReachTheTargetIntact() throws Exception {
        TestTarget a = track(new TestTarget("a"));
        AlbSimulator alb = alb(fastConfig().build(), a);
        String body = "x".repeat(200_000);

        HttpResponse<String> r = AlbTestSupport.HTTP.send(AlbTestSupport.request(alb.url().resolve("/echo?q=1"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).hasSize(body.length()).isEqualTo(body);
    }

    @Test
    void everyStatusPassesThroughUntouchedIncluding401And3xx() throws Exception {
        TestTarget a = track(new TestTarget("a"));
        AlbSimulator alb = alb(fastConfig().build(), a);
        for (int code : new int[] {200, 302, 401, 403, 407, 409}) {
            HttpResponse<String> r = AlbTestSupport.HTTP.send(AlbTestSupport.request(alb.url().resolve(
                    "/status?code=" + code)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("status %d passes through", code).isEqualTo(code);
            assertThat(r.body()).as("body of a %d reaches the client", code).isEqualTo("{\"code\":" + code + "}");
        }
    }
}
