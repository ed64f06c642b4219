package dev.firedrill.harness.topology;

import java.time.Duration;

/**
 * The fleet as an EC2 Auto Scaling group: capacity bounds, how instance health is judged, and an optional
 * target-tracking scaling policy. The fleet's {@code count} is the desired capacity at start. Every duration is AWS
 * time; {@code timeScale} multiplies it at run time.
 *
 * <p>Defaults are AWS's, from the EC2 Auto Scaling user guide: health-check type {@code EC2}; health-check grace
 * period 300 s (the console's default for a new group and AWS's recommendation; the CreateAutoScalingGroup API's
 * own default is 0); default cooldown 300 s.
 *
 * @param min                    minimum capacity (0..16)
 * @param max                    maximum capacity (min..16)
 * @param healthCheckType        {@code EC2}: an instance is unhealthy when it is gone (its process is dead);
 *                               {@code ELB}: also when the load balancer marks its target unhealthy
 * @param healthCheckGracePeriod how long after launch an instance's failed health checks are ignored
 * @param defaultCooldown        after a scale-in, how long until the next scale-in (target tracking's scale-in
 *                               cooldown defaults to it here)
 * @param targetTracking         the scaling policy, or null for none (capacity stays at the desired count)
 */
public record AutoScaling(int min, int max, HealthCheckType healthCheckType, Duration healthCheckGracePeriod,
                          Duration defaultCooldown, TargetTracking targetTracking) {
    public static final Duration AWS_DEFAULT_GRACE_PERIOD = Duration.ofSeconds(300);
    public static final Duration AWS_DEFAULT_COOLDOWN = Duration.ofSeconds(300);

    /** EC2 or ELB health checks (AWS's HealthCheckType). */
    public enum HealthCheckType {
        EC2, ELB;

        public static HealthCheckType parse(String path, String s) {
            for (HealthCheckType t : values()) {
                if (t.name().equalsIgnoreCase(s)) {
                    return t;
                }
            }
            throw new dev.firedrill.harness.TopologyException(path, "unknown health-check type '" + s
                    + "'; use EC2 (instance gone) or ELB (also the load balancer's health checks)");
        }
    }

    /**
     * A target-tracking policy: keep {@code metric} near {@code targetValue}. As AWS does, the policy scales out when
     * the metric is above the target for 3 consecutive 1-minute data points and scales in when it is below 90 % of
     * the target for 15; new instances count toward the metric only after {@code instanceWarmup}.
     *
     * @param metric      {@code requestCountPerTarget} (ALBRequestCountPerTarget: requests per target per minute)
     *                    or {@code cpu} (average CPU utilisation of the instances, percent of one core)
     * @param targetValue the value to hold the metric at
     * @param instanceWarmup how long a new instance is left out of the metric and of further scale-out decisions
     *                    (default: the group's default cooldown, as AWS)
     * @param disableScaleIn true: the policy only scales out
     */
    public record TargetTracking(Metric metric, double targetValue, Duration instanceWarmup, boolean disableScaleIn) {
    }

    /** The predefined metrics a target-tracking policy can follow. */
    public enum Metric {
        REQUEST_COUNT_PER_TARGET("requestCountPerTarget"), CPU("cpu");

        private final String id;

        Metric(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Metric parse(String path, String s) {
            for (Metric m : values()) {
                if (m.id.equalsIgnoreCase(s) || m.name().equalsIgnoreCase(s)
                        || ("ALB" + m.id).equalsIgnoreCase(s)) {
                    return m;
                }
            }
            throw new dev.firedrill.harness.TopologyException(path, "unknown metric '" + s
                    + "'; use requestCountPerTarget or cpu");
        }
    }

    /** A group of exactly {@code count} instances with AWS's defaults and no scaling policy. */
    public static AutoScaling fixed(int count) {
        return new AutoScaling(count, count, HealthCheckType.EC2, AWS_DEFAULT_GRACE_PERIOD, AWS_DEFAULT_COOLDOWN, null);
    }
}
