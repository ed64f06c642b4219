package dev.firedrill.harness.backend.embedded;

import dev.firedrill.harness.backend.ProgressListener;
import dev.firedrill.harness.backend.embedded.internal.AppInstance;
import dev.firedrill.harness.backend.embedded.internal.PostgresServer;
import dev.firedrill.harness.backend.embedded.internal.RedisNode;
import dev.firedrill.harness.backend.embedded.internal.SqsNode;
import dev.firedrill.harness.topology.AppSpec;
import dev.firedrill.harness.topology.ComponentSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a {@link EmbeddedDeployment}'s components run: as processes of this machine ({@link LocalNodes}, the
 * embedded backend) or as containers (the containers backend). Everything else of a deployment (the links on
 * every edge, the ALB simulator, the control API, faults, probes, the fleet manager) is the same whatever runs
 * the components, which is why both backends pass the same contract tests.
 */
public interface Nodes extends AutoCloseable {
    /** The backend's id, e.g. {@code embedded}. */
    String backend();

    /**
     * The address the links in front of components listen on, as the components reach them: 127.0.0.1 for local
     * processes, the run network's gateway for containers (reachable from the containers and from nothing off this
     * host).
     */
    InetAddress componentSide();

    /** Called once before any component starts (a network, a reaper); may report progress. */
    default void prepare(ProgressListener progress) {
    }

    /**
     * Called in parallel with the data tier when the fleet has instances: whatever makes {@code apps} start faster
     * (the embedded backend writes the reference app's class-data archive the first time). Never throws.
     */
    default void prepareApps(java.util.Collection<AppSpec> apps, ProgressListener progress) {
    }

    /** Starts the primary and returns once it accepts connections. */
    PostgresServer startPrimary(String name, Path runDir);

    /** Starts a streaming replica of {@code primary} that streams from {@code host:port} (a link). */
    PostgresServer startReplica(String name, PostgresServer primary, String host, int port, Path runDir);

    /** Starts the cache and returns once it answers PING. */
    RedisNode startRedis(String name, Path runDir);

    /** Where the queue service will listen, as the harness reaches it. */
    InetSocketAddress placeQueue();

    /**
     * Starts the queue service at {@code at} ({@link #placeQueue()}); {@code advertisedPort} is where clients on the
     * host reach it (a link), for the queue URLs it hands out.
     */
    SqsNode startSqs(InetSocketAddress at, int advertisedPort, String region);

    /** Where an instance of {@code app} named {@code name} will listen (its PORT), as the harness reaches it. */
    InetSocketAddress placeInstance(String name, AppSpec app);

    /** An instance (not started) of {@code app} at {@code at} with the env contract {@code env}. */
    AppInstance newInstance(ComponentSpec c, AppSpec app, String release, InetSocketAddress at,
            Map<String, String> env, Path runDir);

    /** A suffix for progress lines naming what runs a component, e.g. {@code " (container firedrill-…-app-1)"}. */
    default String describe(dev.firedrill.harness.internal.ManagedProcess p) {
        return p == null ? "" : " (pid " + p.pid() + ")";
    }

    /** The container that runs a component, for endpoints.json; null for a process. */
    default String containerOf(dev.firedrill.harness.internal.ManagedProcess p) {
        return null;
    }

    /** Removes what {@link #prepare} made; called last by the deployment's close. Never throws. */
    @Override
    default void close() {
    }
}
