package dev.firedrill.harness.topology;

import java.time.Duration;

/**
 * How long a primary failure takes to fail over, following AWS's documented envelopes (before
 * {@code timeScale}): RDS Multi-AZ DB instance typically 60–120 s; Multi-AZ DB cluster typically under
 * 35 s; Aurora typically under 60 s (often 15–30 s); {@code instant} promotes at once.
 */
public enum FailoverProfile {
    RDS_MULTI_AZ_INSTANCE("rds-multi-az-instance", Duration.ofSeconds(60), Duration.ofSeconds(120)),
    RDS_MULTI_AZ_CLUSTER("rds-multi-az-cluster", Duration.ofSeconds(20), Duration.ofSeconds(35)),
    AURORA("aurora", Duration.ofSeconds(15), Duration.ofSeconds(30)),
    INSTANT("instant", Duration.ZERO, Duration.ZERO);

    private final String id;
    private final Duration min;
    private final Duration max;

    FailoverProfile(String id, Duration min, Duration max) {
        this.id = id;
        this.min = min;
        this.max = max;
    }

    public String id() {
        return id;
    }

    /** Lower bound of the failover time on AWS (unscaled). */
    public Duration min() {
        return min;
    }

    /** Upper bound of the failover time on AWS (unscaled). */
    public Duration max() {
        return max;
    }

    public static FailoverProfile of(String id) {
        for (FailoverProfile p : values()) {
            if (p.id.equalsIgnoreCase(id) || p.name().equalsIgnoreCase(id)) {
                return p;
            }
        }
        return null;
    }
}
