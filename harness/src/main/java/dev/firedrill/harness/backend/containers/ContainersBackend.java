package dev.firedrill.harness.backend.containers;

import dev.firedrill.harness.FiredrillException;
import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.backend.Backend;
import dev.firedrill.harness.backend.ProgressListener;
import dev.firedrill.harness.backend.embedded.EmbeddedDeployment;
import dev.firedrill.harness.fault.FaultAction;
import dev.firedrill.harness.topology.Topology;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every component in a Docker container, through Testcontainers: PostgreSQL primary and streaming replicas
 * ({@code pg_basebackup} through the replication link), Redis, ElasticMQ, and the fleet, from the user's image
 * ({@code fleet.app.image}) or the reference app on a JRE image. The ALB simulator, the links and the control API
 * stay in the harness, so every fault, probe and report is the embedded backend's; instance faults act on the
 * containers ({@code docker kill}, {@code stop}, {@code pause}, {@code start}).
 *
 * <pre>{@code
 * try (Deployment d = Backends.named("containers").deploy(Topology.defaults())) {
 *     String alb = d.endpoints().loadBalancer();
 * }
 * }</pre>
 */
public final class ContainersBackend implements Backend {
    static final String NAME = "containers";
    static final Set<FaultAction.Kind> ACTIONS = Set.copyOf(EnumSet.allOf(FaultAction.Kind.class));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "every component a Docker container (Testcontainers), your app's image or the reference app; "
                + "needs a Docker engine and the images (ci/scripts/build-images.sh builds them offline)";
    }

    @Override
    public Set<FaultAction.Kind> actions() {
        return ACTIONS;
    }

    @Override
    public boolean deploys() {
        return true;
    }

    /** The images {@code topology} needs, in start order. */
    static List<String> images(Topology t) {
        Set<String> out = new LinkedHashSet<>();
        if (t.database() != null) {
            out.add(t.containers().postgres());
        }
        if (t.cache() != null) {
            out.add(t.containers().redis());
        }
        if (!t.queues().isEmpty()) {
            out.add(t.containers().sqs());
        }
        if (t.fleet() != null && t.fleet().count() > 0) {
            out.add(t.fleet().app().isReferenceApp() ? t.containers().jre() : t.fleet().app().image());
        }
        return new ArrayList<>(out);
    }

    /**
     * Refuses a fleet that runs a local command (it has no image), then asks the engine, in seconds: is it there,
     * may we use it, are the images here. Each problem says what to do; nothing is started.
     */
    @Override
    public void preflight(Topology topology, String where) {
        var f = topology.fleet();
        if (f != null && f.count() > 0 && !f.app().isReferenceApp() && f.app().image() == null) {
            throw new TopologyException(where + "fleet.app", "the fleet runs a local command ("
                    + String.join(" ", f.app().command()) + "), and the containers backend runs images: give "
                    + "fleet.app.image (your app's image; it gets the same env contract and must listen on "
                    + "0.0.0.0:$PORT), or run this topology on --backend embedded");
        }
        DockerSocket s = DockerEngine.require(where);
        if (s != null) {
            List<String> missing = DockerEngine.missing(s, images(topology));
            if (!missing.isEmpty()) {
                throw new FiredrillException(DockerEngine.missingMessage(where, missing));
            }
        }
    }

    /** Removes the container runs of this host whose harness is gone; nothing (and no error) without an engine. */
    @Override
    public List<String> sweepStale() {
        java.nio.file.Path path = DockerSocket.defaultSocket();
        if (path == null || !java.nio.file.Files.exists(path)) {
            return List.of();
        }
        DockerSocket s = new DockerSocket(path);
        try {
            if (s.get("/_ping", DockerEngine.PING).status() != 200) {
                return List.of();
            }
        } catch (java.io.IOException e) {
            return List.of();
        }
        return Reaper.sweepStale(s, ContainerNodes.hostName());
    }

    @Override
    public EmbeddedDeployment deploy(Topology topology, ProgressListener progress) {
        preflight(topology, "");
        return EmbeddedDeployment.start(topology, progress, new ContainerNodes(topology,
                DockerEngine.require("")));
    }

    @Override
    public EmbeddedDeployment deploy(Topology topology) {
        return deploy(topology, ProgressListener.SILENT);
    }
}
