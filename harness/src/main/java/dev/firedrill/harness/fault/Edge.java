package dev.firedrill.harness.fault;

import java.util.Objects;

/**
 * A directed edge of the architecture: connections from {@code source} to {@code target}. The source is a
 * component ({@code app-1}, {@code db-replica-1}, {@code alb}) or {@value #CLIENT} (clients on the host: the
 * workload, users' tools); the target is a component or one of the endpoints clients connect to
 * ({@value #DB_WRITER}, {@value #DB_READER}, the cache's name, {@code sqs}). Every backend knows the same edges:
 * the embedded one runs a TCP link on each, an AWS one maps them to security groups and subnets.
 */
public record Edge(String source, String target) {
    /** The pseudo-component for clients on the host: not in the VPC. */
    public static final String CLIENT = "client";
    /** The writer endpoint: follows the primary on failover, as an RDS writer endpoint does. */
    public static final String DB_WRITER = "db-writer";
    /** The reader endpoint: spreads connections over the replicas (the primary when there is none). */
    public static final String DB_READER = "db-reader";

    public Edge {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
    }

    /** {@code app-1->db-writer}. */
    @Override
    public String toString() {
        return source + "->" + target;
    }
}
