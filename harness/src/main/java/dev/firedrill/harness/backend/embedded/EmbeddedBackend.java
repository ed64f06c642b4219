package dev.firedrill.harness.backend.embedded;

import dev.firedrill.harness.backend.Backend;
import dev.firedrill.harness.backend.ProgressListener;
import dev.firedrill.harness.fault.FaultAction;
import dev.firedrill.harness.topology.Topology;
import java.util.EnumSet;
import java.util.Set;

/**
 * The default backend: everything on this machine from Maven Central artifacts, no Docker. PostgreSQL
 * primary and streaming replicas (zonky binaries), Redis, ElasticMQ for SQS, the app instances as OS
 * processes, the ALB simulator, and a TCP link on every edge. It executes every fault action.
 *
 * <pre>{@code
 * try (Deployment d = Backends.named("embedded").deploy(Topology.defaults())) {
 *     String alb = d.endpoints().loadBalancer();
 * }
 * }</pre>
 */
public final class EmbeddedBackend implements Backend {
    static final String NAME = "embedded";
    static final Set<FaultAction.Kind> ACTIONS = Set.copyOf(EnumSet.allOf(FaultAction.Kind.class));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "everything on this machine, no Docker: PostgreSQL, Redis, ElasticMQ, app processes, ALB simulator";
    }

    @Override
    public Set<FaultAction.Kind> actions() {
        return ACTIONS;
    }

    @Override
    public void preflight(Topology topology, String where) {
        Preflight.require(topology, where);
    }

    @Override
    public EmbeddedDeployment deploy(Topology topology, ProgressListener progress) {
        return EmbeddedDeployment.start(topology, progress);
    }

    @Override
    public EmbeddedDeployment deploy(Topology topology) {
        return deploy(topology, ProgressListener.SILENT);
    }

    @Override
    public boolean deploys() {
        return true;
    }
}
