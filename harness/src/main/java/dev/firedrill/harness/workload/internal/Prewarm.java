package dev.firedrill.harness.workload.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.harness.workload.OpKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Requests sent before anything is measured, so the first measured operations do not pay for cold code paths:
 * each operation class of the mix is sent through the load balancer, one request at a time, until every
 * instance answered it {@value #PER_INSTANCE} times with a 2xx (each instance's JIT, its connection pools to the
 * writer and the reader, its Redis and SQS clients), or the patience runs out. Nothing here is recorded in the
 * history: a cold start is not a fault's effect. Its requests carry no {@code traceparent}, so no trace the report
 * joins to an operation can be one of them (a stack that starts its own traces for them keeps ids no operation
 * has).
 */
public final class Prewarm {
    /** Answers wanted from each instance for each operation class. */
    static final int PER_INSTANCE = 2;
    private static final String COOKIE = "FIREDRILL_SESSION";

    private final String base;
    private final Duration requestTimeout;
    private long itemId = -1;
    private String session;

    /** What was sent: requests, how long it took, and per operation class the instances that answered. */
    public record Result(int requests, Duration took, Map<OpKind, Integer> instancesAnswering, boolean complete) {
    }

    public Prewarm(URI baseUrl, Duration requestTimeout) {
        String b = baseUrl.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.requestTimeout = requestTimeout;
    }

    /** Warms each of {@code kinds} on {@code instances} instances within {@code patience}. */
    public Result run(Set<OpKind> kinds, int instances, Duration patience) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + patience.toNanos();
        int requests = 0;
        boolean complete = true;
        Map<OpKind, Integer> reached = new EnumMap<>(OpKind.class);
        // write and login first: reads and /me need an item and a session
        for (OpKind k : List.of(OpKind.WRITE, OpKind.LOGIN, OpKind.READ, OpKind.CONSISTENT_READ, OpKind.ME,
                OpKind.ENQUEUE, OpKind.SLOW)) {
            if (!kinds.contains(k)) {
                continue;
            }
            Map<String, Integer> answers = new HashMap<>();
            int budget = Math.max(1, instances) * PER_INSTANCE * 3;
            while (budget-- > 0 && System.nanoTime() < deadline && !done(answers, instances)) {
                requests++;
                String inst = send(k);
                if (inst != null) {
                    answers.merge(inst, 1, Integer::sum);
                }
            }
            reached.put(k, answers.size());
            complete &= done(answers, instances);
        }
        return new Result(requests, Duration.ofNanos(System.nanoTime() - t0), reached, complete);
    }

    private static boolean done(Map<String, Integer> answers, int instances) {
        return answers.size() >= instances && answers.values().stream().allMatch(n -> n >= PER_INSTANCE);
    }

    /** Sends one request of kind {@code k}; the answering instance on a 2xx, else null. */
    private String send(OpKind k) throws InterruptedException {
        HttpRequest.Builder r = switch (k) {
            case WRITE -> post("/items", "{\"value\":\"prewarm\"}");
            case READ -> itemId < 0 ? null : get("/items/" + itemId).header("Cache-Control", "no-cache");
            case CONSISTENT_READ -> itemId < 0 ? null : get("/items/" + itemId + "?consistent=true");
            case LOGIN -> post("/login", "{\"user\":\"prewarm\"}");
            case ME -> session == null ? null : get("/me").header("Cookie", COOKIE + "=" + session);
            case ENQUEUE -> post("/jobs", "{\"payload\":{\"prewarm\":true}}");
            case SLOW -> get("/debug/sleep?ms=0"); // the route's code path, without holding a request
        };
        if (r == null) {
            return null;
        }
        try {
            HttpResponse<String> resp = AppHttp.CLIENT.send(r.build(), HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() / 100 != 2) {
                return null;
            }
            if (k == OpKind.WRITE && itemId < 0) {
                JsonNode n = AppHttp.parse(resp.body());
                itemId = n != null && n.has("id") ? n.path("id").asLong() : -1;
            }
            if (k == OpKind.LOGIN && session == null) {
                session = resp.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(COOKIE + "="))
                        .map(c -> c.substring(COOKIE.length() + 1).split(";", 2)[0]).findFirst().orElse(null);
            }
            return resp.headers().firstValue("X-Instance-Id").orElse("?");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout).GET();
    }

    private HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }
}
