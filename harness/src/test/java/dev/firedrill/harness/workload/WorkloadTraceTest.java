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
import org.junit.jupiter.api.Test;

/** The workload against a real HTTP server that records the traceparent of every request. */
class WorkloadTraceTest {
    @Test
    void everyOperationSendsTheTraceIdItsHistoryEventsRecord() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            String tp = x.getRequestHeaders().getFirst("traceparent");
            if (tp != null) {
                seen.add(tp);
            }
            byte[] body = "{\"id\":1,\"version\":1,\"value\":\"v\"}".getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("X-Instance-Id", "app-1");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        History h;
        try (HistoryRecorder rec = HistoryRecorder.inMemory(System::nanoTime)) {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            try (Workload w = Workload.start(WorkloadSpec.defaults().withClients(2).withRate(100)
                    .only(OpKind.WRITE, OpKind.READ).withRequestTimeout(Duration.ofSeconds(2)), base, rec, 42)) {
                long deadline = System.nanoTime() + 20_000_000_000L; // the HTTP client's first use is slow
                while (w.stats().invoked() < 20 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
            h = rec.history();
        } finally {
            server.stop(0);
        }

        List<Event> invokes = h.events().stream().filter(e -> e.type() == EventType.INVOKE).toList();
        assertThat(invokes).hasSizeGreaterThan(10);
        assertThat(invokes).allSatisfy(e -> assertThat(e.trace()).isNotNull());
        assertThat(seen).hasSize(invokes.size());
        assertThat(seen.stream().map(tp -> tp.split("-")[1]).toList())
                .as("the header's trace id is the one the history keeps")
                .containsExactlyInAnyOrderElementsOf(invokes.stream().map(Event::trace).toList());
        h.events().stream().filter(e -> e.type() == EventType.OK).forEach(done ->
                assertThat(done.trace()).as("a completion carries its invocation's trace id").isNotNull());
    }
}
