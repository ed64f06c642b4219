package dev.firedrill.harness.scenario.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.harness.check.FinalValue;
import dev.firedrill.harness.check.JobOutcome;
import dev.firedrill.harness.workload.internal.AppHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The reads after heal, through the load balancer with {@code ?consistent=true} (the writer): the final value
 * of every written key and the outcome of every acknowledged job. Each read is retried on errors for a while,
 * so a slow recovery does not turn into lost writes.
 */
public final class FinalReads {
    private static final int PARALLEL = 16;
    private final String base;

    public FinalReads(String loadBalancer) {
        this.base = loadBalancer.endsWith("/") ? loadBalancer.substring(0, loadBalancer.length() - 1) : loadBalancer;
    }

    /** Final values by key (404 keys absent) and the keys that could not be read within the patience. */
    public record Items(Map<String, FinalValue> values, List<String> unreadable) {
    }

    /** Reads every key from the writer. */
    public Items items(List<String> keys, Duration patience) {
        Map<String, FinalValue> out = new HashMap<>();
        List<String> unreadable = new java.util.ArrayList<>();
        Map<String, JsonNode> got = fetchAll(keys.stream().map(k -> "/items/" + k + "?consistent=true").toList(),
                patience);
        for (String k : keys) {
            JsonNode n = got.get("/items/" + k + "?consistent=true");
            if (n == null) {
                unreadable.add(k);
            } else if (n.has("version")) {
                out.put(k, new FinalValue(n.path("version").asLong(), AppHttp.valueText(n.get("value"))));
            }
        }
        return new Items(out, unreadable);
    }

    /**
     * Job id → outcome, polling until every job is done or failed and the counts have stayed still for
     * {@code settle}, or {@code bound} passed. The settle window catches a second run that lands after the first
     * (a redelivery after the visibility timeout): give it at least the queue's scaled visibility timeout.
     * Processed count and attempts come from the job's {@code executions} and {@code deliveries} (the reference
     * app's GET /jobs/{id}); an app that does not report them counts a done job as processed once, and the
     * outcome says the count was not reported. A failed job is counted as dead-lettered.
     * Each job's first completion time is put on the history's clock: {@code historyNanos} maps the app's
     * {@code doneAt} (ISO-8601, wall clock of this machine) to nanoseconds since the run started, so the checker
     * can tell jobs processed later than the bound after the heal; without {@code doneAt} it stays unknown (-1).
     */
    public Map<String, JobOutcome> jobs(List<String> ids, Duration bound, Duration settle,
                                        java.util.function.ToLongFunction<java.time.Instant> historyNanos)
            throws InterruptedException {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        long deadline = System.nanoTime() + bound.toNanos();
        long stillSince = System.nanoTime();
        List<String> pending = ids;
        while (true) {
            // once every job is terminal, keep reading them all: their counts may still grow
            List<String> toRead = pending.isEmpty() ? ids : pending;
            Map<String, JsonNode> got = fetchAll(toRead.stream().map(id -> "/jobs/" + id + "?consistent=true")
                    .toList(), Duration.ofSeconds(5));
            boolean changed = false;
            for (String id : toRead) {
                JsonNode n = got.get("/jobs/" + id + "?consistent=true");
                if (n != null && !counts(n).equals(counts(latest.put(id, n)))) {
                    changed = true;
                }
            }
            long now = System.nanoTime();
            if (changed) {
                stillSince = now;
            }
            pending = ids.stream().filter(id -> !terminal(latest.get(id))).toList();
            if (now > deadline || pending.isEmpty() && now - stillSince >= settle.toNanos()) {
                break;
            }
            Thread.sleep(200);
        }
        Map<String, JobOutcome> out = new HashMap<>();
        for (String id : ids) {
            JsonNode n = latest.get(id);
            if (n == null) {
                continue;
            }
            String status = n.path("status").asText();
            // the reference app counts executions (work run to completion) and deliveries (messages handled,
            // redeliveries skipped as duplicates included); an app without them is taken as done = once
            boolean counted = n.has("executions");
            int executions = counted ? n.path("executions").asInt() : "done".equals(status) ? 1 : 0;
            int deliveries = n.has("deliveries") ? n.path("deliveries").asInt() : n.path("attempts").asInt();
            long doneNanos = -1;
            if (n.hasNonNull("doneAt")) {
                try {
                    doneNanos = historyNanos.applyAsLong(java.time.Instant.parse(n.get("doneAt").asText()));
                } catch (java.time.format.DateTimeParseException e) {
                    doneNanos = -1; // not ISO-8601: the processing time stays unknown
                }
            }
            out.put(id, new JobOutcome(executions, deliveries, "failed".equals(status), doneNanos, counted));
        }
        return out;
    }

    /** What settling watches: status and run counts, not fields an app may change on every read. */
    private static String counts(JsonNode n) {
        return n == null ? "" : n.path("status").asText() + "/" + n.path("executions").asText() + "/"
                + n.path("deliveries").asText() + "/" + n.path("attempts").asText();
    }

    private static boolean terminal(JsonNode n) {
        return n != null && ("done".equals(n.path("status").asText()) || "failed".equals(n.path("status").asText()));
    }

    /** GETs every path (at most {@value #PARALLEL} at once), retrying 5xx/errors until {@code patience} ends. */
    private Map<String, JsonNode> fetchAll(List<String> paths, Duration patience) {
        Map<String, JsonNode> out = new java.util.concurrent.ConcurrentHashMap<>();
        Semaphore permits = new Semaphore(PARALLEL);
        long deadline = System.nanoTime() + patience.toNanos();
        CompletableFuture<?>[] all = new CompletableFuture<?>[paths.size()];
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            permits.acquireUninterruptibly();
            all[i] = fetch(path, deadline).whenComplete((n, e) -> {
                permits.release();
                if (n != null) {
                    out.put(path, n);
                }
            });
        }
        CompletableFuture.allOf(all).exceptionally(e -> null).join();
        return out;
    }

    private CompletableFuture<JsonNode> fetch(String path, long deadline) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(2)).GET().build();
        return AppHttp.CLIENT.sendAsync(req, HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
            if (r != null && r.statusCode() == 200) {
                return CompletableFuture.completedFuture(AppHttp.parse(r.body()));
            }
            if (r != null && r.statusCode() == 404) {
                return CompletableFuture.completedFuture(AppHttp.parse("{}"));
            }
            if (System.nanoTime() > deadline) {
                return CompletableFuture.<JsonNode>completedFuture(null);
            }
            return CompletableFuture.supplyAsync(() -> null,
                    CompletableFuture.delayedExecutor(100, java.util.concurrent.TimeUnit.MILLISECONDS))
                    .thenCompose(x -> fetch(path, deadline));
        }).thenCompose(f -> f);
    }
}
