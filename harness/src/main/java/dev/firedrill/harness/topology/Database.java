package dev.firedrill.harness.topology;

import java.util.List;

/**
 * An RDS-style PostgreSQL: a primary and N streaming read replicas, each in a subnet. Apps reach it
 * only through the writer endpoint (follows the primary) and the reader endpoint (spread over the
 * replicas), as with RDS.
 */
public record Database(String name, String engine, String primarySubnet, List<String> replicaSubnets,
        String securityGroup, int port, FailoverProfile failoverProfile) {
    public Database {
        replicaSubnets = List.copyOf(replicaSubnets);
    }

    public int replicas() {
        return replicaSubnets.size();
    }
}
