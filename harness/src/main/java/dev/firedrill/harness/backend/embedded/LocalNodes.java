package dev.firedrill.harness.backend.embedded;

import dev.firedrill.harness.backend.embedded.internal.AppInstance;
import dev.firedrill.harness.backend.embedded.internal.PostgresServer;
import dev.firedrill.harness.backend.embedded.internal.RedisNode;
import dev.firedrill.harness.backend.embedded.internal.ReferenceApp;
import dev.firedrill.harness.backend.embedded.internal.SqsNode;
import dev.firedrill.harness.internal.Ports;
import dev.firedrill.harness.topology.AppSpec;
import dev.firedrill.harness.topology.ComponentSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The embedded backend's {@link Nodes}: every component a process of this machine on 127.0.0.1. */
final class LocalNodes implements Nodes {
    @Override
    public String backend() {
        return EmbeddedBackend.NAME;
    }

    @Override
    public InetAddress componentSide() {
        return Ports.LOOPBACK;
    }

    @Override
    public void prepareApps(java.util.Collection<AppSpec> apps, dev.firedrill.harness.backend.ProgressListener progress) {
        if (apps.stream().anyMatch(AppSpec::isReferenceApp) && ReferenceApp.archive().isEmpty()
                && dev.firedrill.harness.backend.embedded.internal.ClassDataArchive.enabled()) {
            progress.step("writing the reference app's class-data archive (once per build; later starts are faster)");
            ReferenceApp.prepareArchive();
        }
    }

    @Override
    public PostgresServer startPrimary(String name, Path runDir) {
        return PostgresServer.startPrimary(name, runDir.resolve(name), Ports.freePort(), runDir);
    }

    @Override
    public PostgresServer startReplica(String name, PostgresServer primary, String host, int port, Path runDir) {
        return PostgresServer.startReplica(name, primary, runDir.resolve(name), Ports.freePort(), host, port, runDir);
    }

    @Override
    public RedisNode startRedis(String name, Path runDir) {
        return RedisNode.start(name, Ports.freePort(), runDir);
    }

    @Override
    public InetSocketAddress placeQueue() {
        return new InetSocketAddress(Ports.LOOPBACK, Ports.freePort());
    }

    @Override
    public SqsNode startSqs(InetSocketAddress at, int advertisedPort, String region) {
        return SqsNode.start(at.getPort(), advertisedPort, region);
    }

    @Override
    public InetSocketAddress placeInstance(String name, AppSpec app) {
        return new InetSocketAddress(Ports.LOOPBACK, Ports.freePort());
    }

    @Override
    public AppInstance newInstance(ComponentSpec c, AppSpec app, String release, InetSocketAddress at,
            Map<String, String> env, Path runDir) {
        List<String> command = app.isReferenceApp() ? ReferenceApp.command() : app.command();
        // the reference app needs no working directory of its own; a command runs where its topology says
        Path workDir = app.isReferenceApp() ? runDir : app.workingDir();
        return new AppInstance(c.name(), c.az(), at.getPort(), command, env, runDir, workDir, release);
    }
}
