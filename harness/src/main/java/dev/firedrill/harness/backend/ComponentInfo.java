package dev.firedrill.harness.backend;

/**
 * A running component as written to {@code endpoints.json}.
 *
 * @param kind postgres-primary, postgres-replica, redis, sqs, app, alb
 * @param pid the OS process id, or the harness's own pid for in-JVM components (ALB, SQS)
 * @param address host:port the component itself listens on (apps and users go through links instead)
 */
public record ComponentInfo(String name, String kind, String az, long pid, String address) {
}
