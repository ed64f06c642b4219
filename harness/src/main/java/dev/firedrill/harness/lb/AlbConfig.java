package dev.firedrill.harness.lb;

import dev.firedrill.harness.TopologyException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Immutable settings of a simulated Application Load Balancer with one listener and one target group.
 *
 * <p>Every duration is given in <b>AWS time</b> and validated against AWS's ranges; the simulator
 * multiplies each by {@link #timeScale()} (see {@link #scaled(Duration)}). With {@code timeScale(0.01)}
 * a 30 s health-check interval runs every 300 ms and the 300 s deregistration delay lasts 3 s.
 *
 * <p>Defaults are AWS's: round robin, deregistration delay 300 s (range 0–3600 s, ELB user guide
 * "Deregistration delay"), target timeout 60 s = the ALB idle timeout default (range 1–4000 s,
 * ELB user guide "Connection idle timeout").
 *
 * <pre>{@code
 * AlbConfig config = AlbConfig.builder()
 *         .timeScale(0.01)
 *         .healthCheck(HealthCheck.builder().path("/health").interval(Duration.ofSeconds(10)).build())
 *         .algorithm(RoutingAlgorithm.LEAST_OUTSTANDING_REQUESTS)
 *         .build();
 * try (AlbSimulator alb = AlbSimulator.start(config)) { ... }
 * }</pre>
 */
public final class AlbConfig {
    private final int listenPort;
    private final HealthCheck healthCheck;
    private final Duration deregistrationDelay;
    private final RoutingAlgorithm algorithm;
    private final Duration targetTimeout;
    private final double timeScale;
    private final LongSupplier nanoClock;

    private AlbConfig(Builder b) {
        this.listenPort = b.listenPort;
        this.healthCheck = b.healthCheck;
        this.deregistrationDelay = b.deregistrationDelay;
        this.algorithm = b.algorithm;
        this.targetTimeout = b.targetTimeout;
        this.timeScale = b.timeScale;
        this.nanoClock = b.nanoClock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** AWS defaults, real time, any free port. */
    public static AlbConfig defaults() {
        return builder().build();
    }

    /** Port on 127.0.0.1; 0 lets the OS pick. */
    public int listenPort() {
        return listenPort;
    }

    public HealthCheck healthCheck() {
        return healthCheck;
    }

    /** How long a deregistered target stays {@code draining}, AWS time. */
    public Duration deregistrationDelay() {
        return deregistrationDelay;
    }

    public RoutingAlgorithm algorithm() {
        return algorithm;
    }

    /** How long a target may stay silent on a forwarded request before the client gets a 504, AWS time. */
    public Duration targetTimeout() {
        return targetTimeout;
    }

    /** Factor applied to every duration; 1 = real AWS time. */
    public double timeScale() {
        return timeScale;
    }

    /** Monotonic nanosecond clock stamped on {@link HealthTransition}s. */
    public LongSupplier nanoClock() {
        return nanoClock;
    }

    /** {@code awsDuration} × {@link #timeScale()}: the wall-clock time the simulator actually waits. */
    public Duration scaled(Duration awsDuration) {
        return Duration.ofNanos(Math.round(awsDuration.toNanos() * timeScale));
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        return new Builder().listenPort(listenPort).healthCheck(healthCheck).deregistrationDelay(deregistrationDelay)
                .algorithm(algorithm).targetTimeout(targetTimeout).timeScale(timeScale).nanoClock(nanoClock);
    }

    @Override
    public String toString() {
        return "AlbConfig{listenPort=" + listenPort + ", " + healthCheck + ", deregistrationDelay=" + deregistrationDelay
                + ", algorithm=" + algorithm.awsName() + ", targetTimeout=" + targetTimeout + ", timeScale=" + timeScale + "}";
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private static final Duration MIN_SCALED = Duration.ofMillis(1);
        private int listenPort = 0;
        private HealthCheck healthCheck = HealthCheck.defaults();
        private Duration deregistrationDelay = Duration.ofSeconds(300);
        private RoutingAlgorithm algorithm = RoutingAlgorithm.ROUND_ROBIN;
        private Duration targetTimeout = Duration.ofSeconds(60);
        private double timeScale = 1.0;
        private LongSupplier nanoClock = System::nanoTime;

        private Builder() {
        }

        public Builder listenPort(int listenPort) {
            this.listenPort = listenPort;
            return this;
        }

        public Builder healthCheck(HealthCheck healthCheck) {
            this.healthCheck = Objects.requireNonNull(healthCheck, "healthCheck");
            return this;
        }

        public Builder deregistrationDelay(Duration deregistrationDelay) {
            this.deregistrationDelay = deregistrationDelay;
            return this;
        }

        public Builder algorithm(RoutingAlgorithm algorithm) {
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        public Builder targetTimeout(Duration targetTimeout) {
            this.targetTimeout = targetTimeout;
            return this;
        }

        /** Multiplies every duration; e.g. 0.01 rehearses 30 s in 300 ms. Must be in (0, 1]. */
        public Builder timeScale(double timeScale) {
            this.timeScale = timeScale;
            return this;
        }

        public Builder nanoClock(LongSupplier nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
            return this;
        }

        public AlbConfig build() {
            if (listenPort < 0 || listenPort > 65535) {
                throw new TopologyException("alb.listenPort", "must be 0 (any free port) or 1-65535, got " + listenPort);
            }
            if (!(timeScale > 0 && timeScale <= 1)) {
                throw new TopologyException("alb.timeScale", "must be in (0, 1], got " + timeScale
                        + "; 1 = AWS time, 0.01 = one hundred times faster");
            }
            requireSeconds("alb.deregistrationDelay", deregistrationDelay, 0, 3600);
            requireSeconds("alb.targetTimeout", targetTimeout, 1, 4000);
            AlbConfig config = new AlbConfig(this);
            requireScaledAtLeastMs("alb.healthCheck.timeout", config, healthCheck.timeout());
            requireScaledAtLeastMs("alb.targetTimeout", config, targetTimeout);
            return config;
        }

        private static void requireSeconds(String field, Duration d, long min, long max) {
            if (d == null) {
                throw new TopologyException(field, "is required");
            }
            if (d.compareTo(Duration.ofSeconds(min)) < 0 || d.compareTo(Duration.ofSeconds(max)) > 0) {
                throw new TopologyException(field, "must be between " + min + "s and " + max
                        + "s in AWS time, got " + d + "; to rehearse faster keep AWS values and lower timeScale");
            }
        }

        private static void requireScaledAtLeastMs(String field, AlbConfig c, Duration aws) {
            if (c.scaled(aws).compareTo(MIN_SCALED) < 0) {
                throw new TopologyException(field, aws + " × timeScale " + c.timeScale() + " = " + c.scaled(aws)
                        + " is below 1 ms, too short to simulate; raise timeScale");
            }
        }
    }
}
