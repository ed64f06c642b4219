package dev.firedrill.harness.lb;

import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.topology.AlbLimits;
import dev.firedrill.harness.topology.HealthCheck;
import dev.firedrill.harness.topology.LoadBalancer;
import dev.firedrill.harness.topology.RoutingAlgorithm;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Immutable settings of a simulated Application Load Balancer with one listener; every target group it creates
 * shares these health-check, deregistration and routing settings.
 *
 * <p>The settings are the topology's own ({@link HealthCheck}, {@link RoutingAlgorithm}, the timings of
 * {@link LoadBalancer}): {@link #of(LoadBalancer, double)} takes them from a topology, the builder from code.
 *
 * <p>Every duration is given in <b>AWS time</b> and validated against AWS's ranges ({@link AlbLimits}); the simulator
 * multiplies each by {@link #timeScale()} (see {@link #scaled(Duration)}). With {@code timeScale(0.01)}
 * a 30 s health-check interval runs every 300 ms and the 300 s deregistration delay lasts 3 s.
 *
 * <p>Defaults are AWS's: round robin, deregistration delay 300 s, target timeout 60 s = the ALB idle timeout
 * default; {@link AlbLimits} gives the ranges and their source.
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

    /**
     * The simulator for a topology's load balancer: its health check, deregistration delay, algorithm and idle
     * timeout (as the target timeout), listening on its {@code listenerPort}, every duration × {@code timeScale}.
     * Errors name the fields as in a topology file, e.g. {@code loadBalancer.targetGroup.healthCheck.interval}.
     */
    public static AlbConfig of(LoadBalancer lb, double timeScale) {
        return builder().paths(AlbLimits.Paths.TOPOLOGY).listenPort(lb.listenerPort()).timeScale(timeScale)
                .healthCheck(lb.healthCheck()).deregistrationDelay(lb.deregistrationDelay()).algorithm(lb.algorithm())
                .targetTimeout(lb.idleTimeout()).build();
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
                + ", algorithm=" + algorithm.id() + ", targetTimeout=" + targetTimeout + ", timeScale=" + timeScale + "}";
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private static final Duration MIN_SCALED = Duration.ofMillis(1);
        private AlbLimits.Paths paths = AlbLimits.Paths.SIMULATOR;
        private int listenPort = 0;
        private HealthCheck healthCheck = HealthCheck.defaults();
        private Duration deregistrationDelay = LoadBalancer.AWS_DEFAULT_DEREGISTRATION_DELAY;
        private RoutingAlgorithm algorithm = RoutingAlgorithm.ROUND_ROBIN;
        private Duration targetTimeout = LoadBalancer.AWS_DEFAULT_IDLE_TIMEOUT;
        private double timeScale = 1.0;
        private LongSupplier nanoClock = System::nanoTime;

        private Builder() {
        }

        /** How errors name the settings (default: {@code alb.*}, as this builder's methods). */
        private Builder paths(AlbLimits.Paths paths) {
            this.paths = paths;
            return this;
        }

        public Builder listenPort(int listenPort) {
            this.listenPort = listenPort;
            return this;
        }

        public Builder healthCheck(HealthCheck healthCheck) {
            this.healthCheck = healthCheck;
            return this;
        }

        public Builder deregistrationDelay(Duration deregistrationDelay) {
            this.deregistrationDelay = deregistrationDelay;
            return this;
        }

        public Builder algorithm(RoutingAlgorithm algorithm) {
            this.algorithm = algorithm;
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

        /** Validates against AWS's ranges ({@link AlbLimits}) and what the simulator can time. */
        public AlbConfig build() {
            if (listenPort < 0 || listenPort > 65535) {
                throw new TopologyException(paths.listenPort(), "must be 0 (any free port) or 1-65535, got "
                        + listenPort);
            }
            if (!(timeScale > 0 && timeScale <= 1)) {
                throw new TopologyException(paths.timeScale(), "must be in (0, 1], got " + timeScale
                        + "; 1 = AWS time, 0.01 = one hundred times faster");
            }
            AlbLimits.check(healthCheck, deregistrationDelay, targetTimeout, algorithm, paths);
            AlbConfig config = new AlbConfig(this);
            requireScaledAtLeastMs(paths.healthCheck() + ".timeout", config, healthCheck.timeout());
            requireScaledAtLeastMs(paths.idleTimeout(), config, targetTimeout);
            return config;
        }

        private static void requireScaledAtLeastMs(String field, AlbConfig c, Duration aws) {
            if (c.scaled(aws).compareTo(MIN_SCALED) < 0) {
                throw new TopologyException(field, aws + " × timeScale " + c.timeScale() + " = " + c.scaled(aws)
                        + " is below 1 ms, too short to simulate; raise timeScale");
            }
        }
    }
}
