package dev.firedrill.harness.cli;

import dev.firedrill.harness.backend.embedded.Preflight;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.harness.topology.TopologyYaml;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code -t FILE} and override options shared by commands that need a topology. */
final class TopologyOption {
    @Option(names = {"-t", "--topology"}, paramLabel = "FILE",
            description = "Topology YAML file. Every section is optional and falls back to the built-in default "
                    + "(see 'firedrill topology'). Default: the built-in topology.")
    Path file;

    @Option(names = "--time-scale", paramLabel = "X",
            description = "Override timeScale: multiplies every AWS duration (health checks, deregistration delay, "
                    + "visibility timeouts, failover). 1 = real AWS time.")
    Double timeScale;

    @Option(names = "--instances", paramLabel = "N", description = "Override the number of app instances.")
    Integer instances;

    /** The topology, checked for what this machine can tell before starting anything ({@link Preflight}). */
    Topology load() {
        Topology t = overridden();
        Preflight.require(t, file == null ? "" : file + ": ");
        return t;
    }

    private Topology overridden() {
        Topology t = file == null ? Topology.defaults() : TopologyYaml.load(file);
        if (timeScale == null && instances == null) {
            return t;
        }
        Topology.Builder b = t.toBuilder();
        if (timeScale != null) {
            b.timeScale(timeScale);
        }
        if (instances != null) {
            b.instances(instances);
        }
        return b.build();
    }
}
