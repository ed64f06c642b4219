package dev.firedrill.harness.topology;

import java.time.Duration;

/**
 * A target group health check, in AWS time (before {@link Topology#timeScale()}): what a topology file's
 * {@code loadBalancer.targetGroup.healthCheck} holds and what the ALB simulator runs. Defaults are AWS's documented
 * ALB defaults: path {@code /}, interval 30 s, timeout 5 s, healthy threshold 5, unhealthy threshold 2, success
 * codes {@code 200}; the allowed ranges and their source are in {@link AlbLimits}, which checks them.
 *
 * <pre>{@code
 * HealthCheck hc = HealthCheck.builder().path("/health").interval(Duration.ofSeconds(10)).matcher("200-299").build();
 * }</pre>
 *
 * @param matcher the success codes as written, e.g. {@code 200}, {@code 200,202} or {@code 200-299}
 */
public record HealthCheck(String path, Duration interval, Duration timeout, int healthyThreshold,
        int unhealthyThreshold, String matcher) {
    public static final HealthCheck AWS_DEFAULT =
            new HealthCheck("/", Duration.ofSeconds(30), Duration.ofSeconds(5), 5, 2, "200");

    /** AWS's defaults. */
    public static HealthCheck defaults() {
        return AWS_DEFAULT;
    }

    /** A builder starting from AWS's defaults. */
    public static Builder builder() {
        return AWS_DEFAULT.toBuilder();
    }

    /** A builder holding this check's settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Mutable builder. {@link #build()} does not check ranges: the topology validator and the ALB simulator
     * do, naming the field as their user wrote it ({@link AlbLimits#healthCheck}).
     */
    public static final class Builder {
        private String path;
        private Duration interval;
        private Duration timeout;
        private int healthyThreshold;
        private int unhealthyThreshold;
        private String matcher;

        private Builder(HealthCheck from) {
            path = from.path;
            interval = from.interval;
            timeout = from.timeout;
            healthyThreshold = from.healthyThreshold;
            unhealthyThreshold = from.unhealthyThreshold;
            matcher = from.matcher;
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
            return new HealthCheck(path, interval, timeout, healthyThreshold, unhealthyThreshold, matcher);
        }
    }
}
