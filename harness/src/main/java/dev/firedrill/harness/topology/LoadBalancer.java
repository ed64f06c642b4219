package dev.firedrill.harness.topology;

import java.time.Duration;
import java.util.List;

/**
 * An Application Load Balancer with one listener and one target group (the fleet).
 *
 * @param listenerPort the local port the ALB simulator listens on; 0 picks a free one
 * @param targetPort the port the app instances listen on in the target group (logical; checked by security groups)
 * @param deregistrationDelay AWS default 300 s
 * @param idleTimeout AWS default 60 s: a target that does not answer within it yields 504
 */
public record LoadBalancer(String name, List<String> subnets, String securityGroup, int listenerPort, int targetPort,
        HealthCheck healthCheck, Duration deregistrationDelay, RoutingAlgorithm algorithm, Duration idleTimeout) {
    public static final Duration AWS_DEFAULT_DEREGISTRATION_DELAY = Duration.ofSeconds(300);
    public static final Duration AWS_DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    public LoadBalancer {
        subnets = List.copyOf(subnets);
    }
}
