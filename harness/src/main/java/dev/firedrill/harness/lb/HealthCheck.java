package dev.firedrill.harness.lb;

import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.lb.internal.StatusMatcher;
import java.time.Duration;
import java.util.Objects;

/**
 * Health-check settings of the simulated target group, in AWS time (before {@link AlbConfig#timeScale()}).
 * Defaults and allowed ranges are AWS's (ELB user guide, "Health checks for Application Load Balancer
 * target groups", table "Health check settings"): path {@code /}, interval 30 s (5–300 s), timeout
 * 5 s (2–120 s, and below the interval), healthy threshold 5 (2–10), unhealthy threshold 2 (2–10),
 * matcher {@code 200} (codes or ranges between 200 and 499, e.g. {@code 200,202} or {@code 200-299}).
 *
 * <pre>{@code
 * HealthCheck hc = HealthCheck.builder().path("/health").interval(Duration.ofSeconds(10)).matcher("200-299").build();
 * }</pre>
 */
public final class HealthCheck {
    private final String path;
    private final Duration interval;
    private final Duration timeout;
    private final int healthyThreshold;
    private final int unhealthyThreshold;
    private final String matcher;

    private HealthCheck(Builder b) {
        this.path = b.path;
        this.interval = b.interval;
        this.timeout = b.timeout;
        this.healthyThreshold = b.healthyThreshold;
        this.unhealthyThreshold = b.unhealthyThreshold;
        this.matcher = b.matcher;
    }

    /** AWS's defaults. */
    public static HealthCheck defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this check's settings. */
    public Builder toBuilder() {
        return new Builder().path(path).interval(interval).timeout(timeout)
                .healthyThreshold(healthyThreshold).unhealthyThreshold(unhealthyThreshold).matcher(matcher);
    }

    public String path() {
        return path;
    }

    public Duration interval() {
        return interval;
    }

    public Duration timeout() {
        return timeout;
    }

    public int healthyThreshold() {
        return healthyThreshold;
    }

    public int unhealthyThreshold() {
        return unhealthyThreshold;
    }

    /** The success codes as given, e.g. {@code 200-299}. */
    public String matcher() {
        return matcher;
    }

    @Override
    public String toString() {
        return "HealthCheck{path=" + path + ", interval=" + interval + ", timeout=" + timeout
                + ", healthyThreshold=" + healthyThreshold + ", unhealthyThreshold=" + unhealthyThreshold
                + ", matcher=" + matcher + "}";
    }

    /** Mutable builder; {@link #build()} validates against AWS's ranges. */
    public static final class Builder {
        private static final String P = "alb.healthCheck.";
        private String path = "/";
        private Duration interval = Duration.ofSeconds(30);
        private Duration timeout = Duration.ofSeconds(5);
        private int healthyThreshold = 5;
        private int unhealthyThreshold = 2;
        private String matcher = "200";

        private Builder() {
        }

        /** The ping path, e.g. {@code /health} or {@code /health?deep=true}. */
        public Builder path(String path) {
            this.path = path;
            return this;
        }

        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder healthyThreshold(int healthyThreshold) {
            this.healthyThreshold = healthyThreshold;
            return this;
        }

        public Builder unhealthyThreshold(int unhealthyThreshold) {
            this.unhealthyThreshold = unhealthyThreshold;
            return this;
        }

        /** Success codes: {@code 200}, {@code 200,202}, {@code 200-299}, or a mix. */
        public Builder matcher(String matcher) {
            this.matcher = matcher;
            return this;
        }

        public HealthCheck build() {
            if (path == null || !path.startsWith("/")) {
                throw new TopologyException(P + "path", "must start with '/', got " + quote(path)
                        + "; e.g. .path(\"/health\")");
            }
            requireRange(P + "interval", interval, 5, 300);
            requireRange(P + "timeout", timeout, 2, 120);
            if (timeout.compareTo(interval) >= 0) {
                throw new TopologyException(P + "timeout", "must be less than the interval (AWS rule), got timeout "
                        + timeout.toSeconds() + "s >= interval " + interval.toSeconds() + "s; lower the timeout or raise the interval");
            }
            requireCount(P + "healthyThreshold", healthyThreshold);
            requireCount(P + "unhealthyThreshold", unhealthyThreshold);
            StatusMatcher.parse(P + "matcher", matcher);
            return new HealthCheck(this);
        }

        private static void requireRange(String field, Duration d, long minSeconds, long maxSeconds) {
            Objects.requireNonNull(d, field);
            if (d.compareTo(Duration.ofSeconds(minSeconds)) < 0 || d.compareTo(Duration.ofSeconds(maxSeconds)) > 0) {
                throw new TopologyException(field, "must be between " + minSeconds + "s and " + maxSeconds
                        + "s in AWS time, got " + d + "; to rehearse faster keep AWS values and lower AlbConfig.timeScale");
            }
        }

        private static void requireCount(String field, int n) {
            if (n < 2 || n > 10) {
                throw new TopologyException(field, "must be between 2 and 10 (AWS range), got " + n);
            }
        }

        private static String quote(String s) {
            return s == null ? "null" : "'" + s + "'";
        }
    }
}
