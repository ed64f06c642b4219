package dev.firedrill.harness.backend.embedded;

import dev.firedrill.harness.backend.Backend;
import dev.firedrill.harness.backend.ProgressListener;
import dev.firedrill.harness.topology.Topology;

/**
 * The default backend: everything on this machine from Maven Central artifacts, no Docker. PostgreSQL
 * primary and streaming replicas (zonky binaries), Redis, ElasticMQ for SQS, the app instances as OS
 * processes, the ALB simulator, and a TCP link on every edge.
 *
 * <pre>{@code
 * try (EmbeddedDeployment d = new EmbeddedBackend().deploy(Topology.defaults())) {
 *     String alb = d.endpoints().loadBalancer();
 * }
 * }</pre>
 */
public final class EmbeddedBackend implements Backend {
    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public EmbeddedDeployment deploy(Topology topology, ProgressListener progress) {
        return EmbeddedDeployment.start(topology, progress);
    }

    @Override
    public EmbeddedDeployment deploy(Topology topology) {
        return deploy(topology, ProgressListener.SILENT);
    }
}
