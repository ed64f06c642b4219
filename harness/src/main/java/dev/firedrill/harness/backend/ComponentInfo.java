package dev.firedrill.harness.backend;

/**
 * A running component as written to {@code endpoints.json}.
 *
 * @param name the component's id in the topology ({@code app-1}, {@code db-primary})
 * @param kind postgres-primary, postgres-replica, redis, sqs, app, alb
 * @param pid the OS process id where the component is a process on this machine (for in-JVM components the
 *     harness's own), null where there is none (a container, a cloud resource)
 * @param address host:port the component itself listens on (apps and users go through the edges instead)
 * @param container the Docker container that runs it (containers backend), else null
 */
public record ComponentInfo(String name, String kind, String az, Long pid, String address, String container) {
    public ComponentInfo(String name, String kind, String az, Long pid, String address) {
        this(name, kind, az, pid, address, null);
    }
}
