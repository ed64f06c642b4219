package dev.firedrill.harness.backend;

import java.util.List;
import java.util.Map;

/**
 * Where a running topology is reachable, in the shape of {@code target/firedrill/endpoints.json}.
 * Every address is a harness-owned link: the writer endpoint follows the primary on failover, the
 * reader endpoint spreads connections over the replicas, as RDS endpoints do.
 *
 * @param loadBalancer the ALB URL, e.g. http://127.0.0.1:41234
 * @param dbWriter JDBC URL of the writer endpoint
 * @param dbReader JDBC URL of the reader endpoint
 * @param redis redis://127.0.0.1:port
 * @param sqsEndpoint http://127.0.0.1:port for the AWS SDK's endpointOverride
 * @param sqsQueues queue name → queue URL
 * @param control the Toxiproxy-compatible control API URL, or null
 */
public record Endpoints(String loadBalancer, String dbWriter, String dbReader, String dbUser, String dbPassword,
        String redis, String sqsEndpoint, Map<String, String> sqsQueues, String control,
        List<ComponentInfo> components) {
    public Endpoints {
        sqsQueues = Map.copyOf(sqsQueues);
        components = List.copyOf(components);
    }
}
