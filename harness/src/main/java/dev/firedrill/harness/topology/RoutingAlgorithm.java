package dev.firedrill.harness.topology;

/**
 * How the ALB picks a target for each request, named like the target-group attribute
 * {@code load_balancing.algorithm.type} (AWS ELB user guide, "Target group attributes": {@code round_robin} is the
 * default, {@code least_outstanding_requests} the alternative). Used by topology files and by the simulator.
 */
public enum RoutingAlgorithm {
    /** Each eligible target in turn. */
    ROUND_ROBIN("round_robin"),
    /** The eligible target with the fewest in-flight requests; ties go round robin. */
    LEAST_OUTSTANDING_REQUESTS("least_outstanding_requests");

    private final String id;

    RoutingAlgorithm(String id) {
        this.id = id;
    }

    /** The value AWS (and a topology file) uses for this algorithm, e.g. {@code round_robin}. */
    public String id() {
        return id;
    }

    /** The algorithm named {@code id} (AWS's value or the enum name, any case), or null. */
    public static RoutingAlgorithm of(String id) {
        for (RoutingAlgorithm a : values()) {
            if (a.id.equalsIgnoreCase(id) || a.name().equalsIgnoreCase(id)) {
                return a;
            }
        }
        return null;
    }
}
