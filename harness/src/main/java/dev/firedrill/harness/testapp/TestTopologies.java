package dev.firedrill.harness.testapp;

import dev.firedrill.harness.topology.Topology;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Topologies for smoke tests and benchmarks: the default stack with {@link TestServer} as the fleet's app. */
public final class TestTopologies {
    private TestTopologies() {
    }

    /** The command that runs {@link TestServer} with this JVM and classpath. */
    public static List<String> testServerCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xmx64m", "-Dsun.net.httpserver.nodelay=true", "-cp", System.getProperty("java.class.path"), TestServer.class.getName());
    }

    /** The default topology with {@code instances} test servers and the given time scale. */
    public static Topology withTestServers(int instances, double timeScale) {
        return Topology.builder().timeScale(timeScale).instances(instances).app(testServerCommand(), Map.of()).build();
    }
}
