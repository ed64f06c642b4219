package dev.firedrill.app.internal.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.app.internal.health.DeepHealth;
import dev.firedrill.app.internal.http.ApiException;
import dev.firedrill.app.internal.http.Exchange;
import dev.firedrill.app.internal.http.Reply;
import dev.firedrill.app.internal.http.Router;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;

/** /health (shallow, for the ALB), /health/deep, /metrics and, when enabled, /debug/sleep. */
public final class OpsApi {
    private final DeepHealth deep;
    private final PrometheusMeterRegistry metrics;
    private final Map<String, String> about;
    private final boolean debug;
    private final boolean unhealthy;

    public OpsApi(DeepHealth deep, PrometheusMeterRegistry metrics, Map<String, String> about, boolean debug) {
        this(deep, metrics, about, debug, false);
    }

    /** @param unhealthy APP_FAULT=unhealthy: GET /health always answers 503, everything else works */
    public OpsApi(DeepHealth deep, PrometheusMeterRegistry metrics, Map<String, String> about, boolean debug,
                  boolean unhealthy) {
        this.deep = deep;
        this.metrics = metrics;
        this.about = about;
        this.debug = debug;
        this.unhealthy = unhealthy;
    }

    public void register(Router router) {
        // shallow: touches nothing, so a dependency outage never takes every target out of the ALB
        Reply health = unhealthy
                ? Reply.text(503, "text/plain", "unhealthy (APP_FAULT=unhealthy: this release never passes its health check)")
                : Reply.text(200, "text/plain", "ok");
        router.add("GET", "/health", ex -> health)
                .add("GET", "/health/deep", this::deep)
                .add("GET", "/metrics", ex -> Reply.text(200, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.scrape()));
        if (debug) {
            router.add("GET", "/debug/sleep", this::sleep);
        }
    }

    private Reply deep(Exchange ex) {
        ObjectNode report = deep.check(about);
        return Reply.json("up".equals(report.path("status").asText()) ? 200 : 503, report.toString());
    }

    /** Holds the request for ?ms= (at most 60 s): lets tests have a request in flight during shutdown. */
    private Reply sleep(Exchange ex) throws InterruptedException {
        long ms;
        try {
            ms = Long.parseLong(ex.query("ms"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("bad_query", "ms must be an integer number of milliseconds");
        }
        if (ms < 0 || ms > 60_000) {
            throw ApiException.badRequest("bad_query", "ms must be in 0..60000");
        }
        Thread.sleep(ms);
        return Reply.json(200, "{\"slept\":" + ms + "}");
    }
}
