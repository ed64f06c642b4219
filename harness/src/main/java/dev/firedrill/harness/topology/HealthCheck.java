package dev.firedrill.harness.topology;

import java.time.Duration;

/**
 * A target group health check. Defaults are AWS's documented ALB defaults (Elastic Load Balancing
 * User Guide, "Health checks for Application Load Balancer target groups"): path {@code /}, interval
 * 30 s, timeout 5 s, healthy threshold 5, unhealthy threshold 2, success codes {@code 200}.
 */
public record HealthCheck(String path, Duration interval, Duration timeout, int healthyThreshold,
        int unhealthyThreshold, String matcher) {
    public static final HealthCheck AWS_DEFAULT =
            new HealthCheck("/", Duration.ofSeconds(30), Duration.ofSeconds(5), 5, 2, "200");
}
