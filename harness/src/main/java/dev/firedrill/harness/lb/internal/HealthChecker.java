package dev.firedrill.harness.lb.internal;

import dev.firedrill.harness.topology.HealthCheck;
import dev.firedrill.harness.lb.ReasonCode;
import dev.firedrill.harness.lb.TargetHealth;
import java.net.SocketTimeoutException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * Sends each target a GET on the health-check path every interval. AWS: "Each health check request
 * is independent and the result lasts for the entire interval. The time it takes for the target to
 * respond does not affect the interval for the next health check request" — hence a fixed rate, not
 * a fixed delay; and "after each health check is completed, the load balancer node closes the
 * connection", hence {@code Connection: close}.
 */
final class HealthChecker {
    /** What AWS's checker sends, so target logs look familiar. */
    private static final String USER_AGENT = "ELB-HealthChecker/2.0";

    interface Sink {
        void changed(Target target, TargetHealth before, TargetHealth after);
    }

    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final String path;
    private final StatusMatcher matcher;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final Sink sink;

    HealthChecker(HttpClient client, ScheduledExecutorService scheduler, HealthCheck hc, long intervalNanos,
                  long timeoutNanos, Sink sink) {
        this.client = client;
        this.scheduler = scheduler;
        this.path = hc.path();
        this.matcher = StatusMatcher.parse("alb.healthCheck.matcher", hc.matcher());
        this.intervalNanos = intervalNanos;
        this.timeoutNanos = timeoutNanos;
        this.sink = sink;
    }

    /** Checks {@code t} now and every interval until {@link Target#stopChecks()}. */
    void start(Target t) {
        t.checks = scheduler.scheduleAtFixedRate(() -> check(t), 0, intervalNanos, TimeUnit.NANOSECONDS);
    }

    private void check(Target t) {
        try {
            client.newRequest(t.origin + path)
                    .method(HttpMethod.GET)
                    .timeout(timeoutNanos, TimeUnit.NANOSECONDS)
                    .headers(h -> h.put(HttpHeader.CONNECTION, "close").put(HttpHeader.USER_AGENT, USER_AGENT))
                    .send(result -> apply(t, classify(result)));
        } catch (RuntimeException e) {
            // the client is stopping (simulator closing): nothing to record
        }
    }

    private void apply(Target t, CheckResult r) {
        TargetHealth before = t.health.onCheck(r);
        sink.changed(t, before, t.health.health());
    }

    private CheckResult classify(Result result) {
        if (result.isFailed()) {
            Throwable x = result.getFailure();
            if (Failures.has(x, TimeoutException.class) || Failures.has(x, SocketTimeoutException.class)) {
                return CheckResult.failed(ReasonCode.TARGET_TIMEOUT, "Request timed out");
            }
            return CheckResult.failed(ReasonCode.TARGET_FAILED_HEALTH_CHECKS, "Health checks failed: " + Failures.describe(x));
        }
        int status = result.getResponse().getStatus();
        if (!matcher.matches(status)) {
            return CheckResult.failed(ReasonCode.TARGET_RESPONSE_CODE_MISMATCH,
                    "Health checks failed with these codes: [" + status + "]");
        }
        return CheckResult.PASSED;
    }
}
