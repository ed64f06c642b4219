package dev.firedrill.harness.lb;

/**
 * Target health states of an ALB target group (AWS ELB user guide, "Health checks for Application
 * Load Balancer target groups", table "Target health status").
 */
public enum TargetState {
    /** Registered; the first health check has not passed yet. Not routed to unless the ALB fails open. */
    INITIAL("initial"),
    /** Passed its health checks; receives requests. */
    HEALTHY("healthy"),
    /** Failed {@code unhealthyThreshold} consecutive checks. Not routed to unless the ALB fails open. */
    UNHEALTHY("unhealthy"),
    /** Deregistering: receives no new requests while its in-flight requests finish. */
    DRAINING("draining"),
    /** No longer registered (the deregistration delay elapsed). */
    UNUSED("unused");

    private final String awsName;

    TargetState(String awsName) {
        this.awsName = awsName;
    }

    /** The lower-case name AWS's DescribeTargetHealth returns. */
    public String awsName() {
        return awsName;
    }
}
