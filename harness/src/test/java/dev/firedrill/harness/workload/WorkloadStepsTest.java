package dev.firedrill.harness.workload;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.firedrill.harness.history.HistoryRecorder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A real workload's load steps count from the end of the warm-up it is given. Only one-sided counts are asserted
 * (a slow machine starts fewer operations, never more), so nothing here depends on the box's speed.
 */
class WorkloadStepsTest {
    /** 1 op/s until the step, 200 op/s from it: a step at 0 s takes effect as soon as the warm-up ends. */
    private static final WorkloadSpec SPEC = WorkloadSpec.defaults().withClients(2).withRate(1).only(OpKind.READ)
            .withSteps(List.of(new RateStep(Duration.ZERO, 200))).withRequestTimeout(Duration.ofSeconds(2));

    /** Operations started, and nanoseconds from just before the start to just after the count was read. */
    private static long[] invokedAfter(Duration warmup, long wanted, long waitMs) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            byte[] body = "{\"id\":1,\"version\":1,\"value\":\"v\"}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        try (HistoryRecorder rec = HistoryRecorder.inMemory(System::nanoTime)) {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            long t0 = System.nanoTime();
            try (Workload w = Workload.start(SPEC, base, rec, 7, warmup)) {
                long deadline = System.nanoTime() + waitMs * 1_000_000L;
                while (w.stats().invoked() < wanted && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                long n = w.stats().invoked();
                return new long[] {n, System.nanoTime() - t0};
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theWarmUpRunsAtTheBaseRateBecauseStepsCountFromItsEnd() throws Exception {
        long[] r = invokedAfter(Duration.ofMinutes(1), Long.MAX_VALUE, 600);
        assertThat(r[0]).as("%d ms into a 1 min warm-up at 1 op/s, not at the step's 200 op/s", r[1] / 1_000_000)
                .isLessThanOrEqualTo(1 + r[1] / 1_000_000_000L);
    }

    @Test
    void withoutAWarmUpAStepAtZeroTakesEffectAtOnce() throws Exception {
        assertThat(invokedAfter(Duration.ZERO, 20, 20_000)[0]).as("20 operations: more than 1 op/s could start")
                .isGreaterThanOrEqualTo(20);
    }
}
