package dev.firedrill.harness.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.history.History;
import dev.firedrill.harness.history.HistoryRecorder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Slow operations against a real HTTP server that serves (or lacks) the reference app's {@code /debug/sleep}. */
class WorkloadSlowOpTest {

    /** A server that sleeps {@code ?ms=} on /debug/sleep when {@code debug}, else answers 404 there. */
    private static History run(boolean debug, Set<String> queries) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        server.setExecutor(pool);
        server.createContext("/debug/sleep", x -> {
            String q = x.getRequestURI().getQuery();
            queries.add(q);
            int status = 404;
            byte[] body = "{\"error\":\"not_found\"}".getBytes(StandardCharsets.UTF_8);
            if (debug) {
                long ms = Long.parseLong(q.substring("ms=".length()));
                try {
                    Thread.sleep(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 200;
                body = ("{\"slept\":" + ms + "}").getBytes(StandardCharsets.UTF_8);
            }
            x.getResponseHeaders().add("X-Instance-Id", "app-1");
            x.sendResponseHeaders(status, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        try (HistoryRecorder rec = HistoryRecorder.inMemory(System::nanoTime)) {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            WorkloadSpec spec = WorkloadSpec.defaults().withClients(2).withRate(50).only(OpKind.SLOW)
                    .withSlowWork(Duration.ofMillis(30)).withRequestTimeout(Duration.ofSeconds(5));
            try (Workload w = Workload.start(spec, base, rec, 42)) {
                long deadline = System.nanoTime() + 20_000_000_000L; // the HTTP client's first use is slow
                while (w.stats().ok() + w.stats().failed() < 5 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
            return rec.history();
        } finally {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    @Test
    void aSlowOperationAsksTheAppToHoldTheRequestForSlowWorkAndIsOkWhenAnswered() throws Exception {
        Set<String> queries = ConcurrentHashMap.newKeySet();
        History h = run(true, queries);

        assertThat(queries).as("every request asks for slowWork").containsExactly("ms=30");
        List<Event> invokes = h.events().stream().filter(e -> e.type() == EventType.INVOKE).toList();
        assertThat(invokes).hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(e -> assertThat(e.f()).isEqualTo("slow"))
                .allSatisfy(e -> assertThat(e.value()).as("the invocation records the ms asked for").isEqualTo("30"));
        List<Event> ok = h.events().stream().filter(e -> e.type() == EventType.OK).toList();
        assertThat(ok).hasSizeGreaterThanOrEqualTo(5).allSatisfy(e -> {
            assertThat(e.f()).isEqualTo("slow");
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.instance()).isEqualTo("app-1");
        });
        assertThat(h.events()).noneMatch(e -> e.type() == EventType.FAIL);
    }

    @Test
    void anAppWithoutDebugEndpointsFailsEverySlowOperationAndTheErrorSaysWhy() throws Exception {
        History h = run(false, ConcurrentHashMap.newKeySet());

        List<Event> failed = h.events().stream().filter(e -> e.type() == EventType.FAIL).toList();
        assertThat(failed).hasSizeGreaterThanOrEqualTo(5).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.error()).contains("DEBUG_ENDPOINTS=true");
        });
        assertThat(h.events()).noneMatch(e -> e.type() == EventType.OK);
    }
}
