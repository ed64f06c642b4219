package dev.firedrill.app.internal.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRoute;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRouteSource;
import io.micrometer.core.instrument.Timer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one Jetty handler: request id, instance header, routing, error bodies, access log and route metrics.
 * Routes block (JDBC, Jedis), so this handler is a blocking one and runs on the HTTP thread pool.
 */
public final class AppHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(AppHandler.class);
    public static final String REQUEST_ID = "X-Request-Id";
    public static final String APP_VERSION = "X-App-Version";

    private static final byte[] STARTING =
            "{\"error\":\"starting\",\"detail\":\"the instance is starting; retry shortly\"}".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8);

    /** What the handler needs once start-up is done. */
    private record Wiring(Router router, ObjectMapper json, MeterRegistry metrics,
                          Instrumenter<Request, Integer> http) {
    }

    private final String instanceId;
    private final String version;
    private final int maxBodyBytes;
    private volatile Wiring wiring;

    /** An instance of version {@code v1}. */
    public AppHandler(String instanceId, int maxBodyBytes) {
        this(instanceId, "v1", maxBodyBytes);
    }

    /**
     * The listener may start before the rest of the app (start-up runs both in parallel); until
     * {@link #ready} every request, /health included, gets 503 {@code starting}. Every answer carries
     * X-Instance-Id and X-App-Version.
     *
     * @param version APP_VERSION
     */
    public AppHandler(String instanceId, String version, int maxBodyBytes) {
        super(InvocationType.BLOCKING);
        this.instanceId = instanceId;
        this.version = version;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Starts serving routes. */
    public void ready(Router router, ObjectMapper json, MeterRegistry metrics) {
        ready(router, json, metrics, null);
    }

    /**
     * Starts serving routes; with {@code http} (tracing on) each request but the health checks and /metrics is an
     * HTTP server span continuing the caller's trace context.
     */
    public void ready(Router router, ObjectMapper json, MeterRegistry metrics, Instrumenter<Request, Integer> http) {
        this.wiring = new Wiring(router, json, metrics, http);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Wiring w = wiring;
        if (w == null) {
            response.setStatus(503);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put("X-Instance-Id", instanceId);
            response.getHeaders().put(APP_VERSION, version);
            response.getHeaders().put("Retry-After", "1");
            response.write(true, ByteBuffer.wrap(STARTING), callback);
            return true;
        }
        Instrumenter<Request, Integer> http = w.http();
        if (http == null || !traced(request)) {
            serve(request, response, callback, w, null);
            return true;
        }
        Context parent = Context.current();
        if (!http.shouldStart(parent, request)) {
            serve(request, response, callback, w, null);
            return true;
        }
        Context ctx = http.start(parent, request);
        int status;
        try (Scope ignored = ctx.makeCurrent()) {
            status = serve(request, response, callback, w, ctx);
        } catch (RuntimeException | Error e) {
            http.end(ctx, request, 500, e);
            throw e;
        }
        http.end(ctx, request, status, null);
        return true;
    }

    /** Health checks and scrapes make no traces: they are the ALB's and Prometheus's, every few seconds. */
    private static boolean traced(Request request) {
        String path = request.getHttpURI().getPath();
        return path != null && !path.startsWith("/health") && !path.equals("/metrics");
    }

    /** Serves one request; returns the status sent. */
    private int serve(Request request, Response response, Callback callback, Wiring w, Context span) {
        Router router = w.router();
        ObjectMapper json = w.json();
        MeterRegistry metrics = w.metrics();
        long start = System.nanoTime();
        String requestId = requestId(request.getHeaders().get(REQUEST_ID));
        String method = request.getMethod();
        String path = Request.getPathInContext(request);
        MDC.put("instance", instanceId);
        MDC.put("requestId", requestId);
        String template = "unmatched";
        dev.firedrill.app.internal.db.PoolUse.reset();
        Reply reply;
        try {
            Router.Match match = router.match(method, path);
            template = match.template();
            if (span != null) {
                HttpServerRoute.update(span, HttpServerRouteSource.CONTROLLER, template);
            }
            reply = match.route().handle(new Exchange(request, match.params(), maxBodyBytes, json));
        } catch (ApiException e) {
            reply = error(json, e.status(), e.error(), e.detail());
            if (e.status() == 503) {
                reply = reply.header("Retry-After", "1");
                LOG.warn("{} {} -> 503 {}", method, path, e.detail());
            }
        } catch (Exception | StackOverflowError e) {
            LOG.error("{} {} failed unexpectedly", method, path, e);
            reply = error(json, 500, "internal_error", "unexpected " + e.getClass().getSimpleName()
                    + "; see the log line with X-Request-Id " + requestId);
        }
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        response.getHeaders().put("X-Instance-Id", instanceId);
        response.getHeaders().put(APP_VERSION, version);
        response.getHeaders().put(REQUEST_ID, requestId);
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            if ("Set-Cookie".equals(h.getKey())) {
                response.getHeaders().add(HttpHeader.SET_COOKIE, h.getValue());
            } else {
                response.getHeaders().put(h.getKey(), h.getValue());
            }
        }
        dev.firedrill.app.internal.db.Pool used = dev.firedrill.app.internal.db.PoolUse.last();
        if (used != null && !reply.headers().containsKey("X-Db-Pool")) {
            response.getHeaders().put("X-Db-Pool", used.header());
        }
        dev.firedrill.app.internal.db.PoolUse.reset();
        long nanos = System.nanoTime() - start;
        Timer.builder("http.server.requests")
                .description("HTTP requests by route template")
                .tags("method", method, "route", template, "status", Integer.toString(reply.status()))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(metrics)
                .record(nanos, TimeUnit.NANOSECONDS);
        if (LOG.isInfoEnabled() && !template.startsWith("/health") && !"/metrics".equals(template)) {
            MDC.put("status", Integer.toString(reply.status()));
            MDC.put("durationMs", Long.toString(nanos / 1_000_000));
            LOG.info("{} {}", method, path);
            MDC.remove("status");
            MDC.remove("durationMs");
        }
        MDC.remove("requestId");
        response.write(true, "HEAD".equals(method) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(reply.body()), callback);
        return reply.status();
    }

    private static Reply error(ObjectMapper json, int status, String error, String detail) {
        ObjectNode body = json.createObjectNode().put("error", error).put("detail", detail);
        return Reply.json(status, body.toString());
    }

    /** Echoes a sane client id (printable ASCII, at most 128 chars); otherwise makes one. */
    static String requestId(String given) {
        if (given != null && !given.isEmpty() && given.length() <= 128 && given.chars().allMatch(c -> c > 32 && c < 127)) {
            return given;
        }
        return UUID.randomUUID().toString();
    }
}
