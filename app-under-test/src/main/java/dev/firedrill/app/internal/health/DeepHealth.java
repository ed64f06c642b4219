package dev.firedrill.app.internal.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.app.internal.resilience.Guard;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Probes every dependency in parallel, directly (not through the breakers, whose state is reported beside),
 * each within HEALTH_DEEP_TIMEOUT_MS, so the whole check answers within that budget even when a dependency
 * hangs.
 */
public final class DeepHealth implements AutoCloseable {
    /** One named probe; returns optional extra detail (e.g. lag) or null. */
    public record Probe(String name, Guard guard, Callable<Map<String, Object>> check) {
    }

    private final Probe[] probes;
    private final long timeoutMs;
    private final ObjectMapper json;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "health-probe");
        t.setDaemon(true);
        return t;
    });

    public DeepHealth(long timeoutMs, ObjectMapper json, Probe... probes) {
        this.timeoutMs = timeoutMs;
        this.json = json;
        this.probes = probes;
    }

    /** @return the report; {@code report.get("status")} is "up" only when every dependency answered */
    public ObjectNode check(Map<String, String> about) {
        Map<String, CompletableFuture<ObjectNode>> running = new LinkedHashMap<>();
        for (Probe p : probes) {
            running.put(p.name(), CompletableFuture.supplyAsync(() -> run(p), pool));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        ObjectNode report = json.createObjectNode();
        about.forEach(report::put);
        ObjectNode deps = report.putObject("dependencies");
        boolean allUp = true;
        for (Probe p : probes) {
            ObjectNode result;
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                result = running.get(p.name()).get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                result = json.createObjectNode().put("status", "down").put("latencyMs", timeoutMs)
                        .put("error", "no answer within " + timeoutMs + " ms (HEALTH_DEEP_TIMEOUT_MS)");
            } catch (Exception e) {
                result = json.createObjectNode().put("status", "down").put("error", e.toString());
            }
            result.put("breaker", p.guard().breaker().getState().name());
            allUp &= "up".equals(result.path("status").asText());
            deps.set(p.name(), result);
        }
        report.put("status", allUp ? "up" : "degraded");
        return report;
    }

    private ObjectNode run(Probe p) {
        long start = System.nanoTime();
        ObjectNode result = json.createObjectNode();
        try {
            Map<String, Object> extra = p.check().call();
            result.put("status", "up");
            if (extra != null) {
                extra.forEach((k, v) -> result.set(k, json.valueToTree(v)));
            }
        } catch (Exception e) {
            result.put("status", "down").put("error", e.toString());
        }
        result.put("latencyMs", (System.nanoTime() - start) / 1_000_000);
        return result;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
