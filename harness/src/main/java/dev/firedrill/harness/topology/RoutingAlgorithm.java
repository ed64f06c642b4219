package dev.firedrill.harness.topology;

/** ALB target group routing algorithms. AWS default: {@link #ROUND_ROBIN}. */
public enum RoutingAlgorithm {
    ROUND_ROBIN("round_robin"),
    LEAST_OUTSTANDING_REQUESTS("least_outstanding_requests");

    private final String id;

    RoutingAlgorithm(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static RoutingAlgorithm of(String id) {
        for (RoutingAlgorithm a : values()) {
            if (a.id.equalsIgnoreCase(id) || a.name().equalsIgnoreCase(id)) {
                return a;
            }
        }
        return null;
    }
}
