package dev.firedrill.harness.lb;

/**
 * How the simulator picks a target for each request, named like the target-group attribute
 * {@code load_balancing.algorithm.type} (AWS ELB user guide, "Target group attributes":
 * {@code round_robin} is the default, {@code least_outstanding_requests} the alternative).
 */
public enum RoutingAlgorithm {
    /** Each eligible target in turn. */
    ROUND_ROBIN("round_robin"),
    /** The eligible target with the fewest in-flight requests; ties go round robin. */
    LEAST_OUTSTANDING_REQUESTS("least_outstanding_requests");

    private final String awsName;

    RoutingAlgorithm(String awsName) {
        this.awsName = awsName;
    }

    /** The value AWS uses for this algorithm, e.g. {@code round_robin}. */
    public String awsName() {
        return awsName;
    }
}
