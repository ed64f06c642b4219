package dev.firedrill.harness.cli;

import dev.firedrill.harness.FiredrillException;
import dev.firedrill.harness.backend.Backend;
import dev.firedrill.harness.backend.Backends;
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

    @Option(names = "--backend", paramLabel = "NAME", description = "Where to bring the stack up: "
            + "${sys:firedrill.backends}. Default: the topology's 'backend:' key, else embedded.")
    String backend;

    /**
     * The topology, checked for what its backend can tell before starting anything
     * ({@link Backend#preflight(Topology, String)}).
     */
    Topology load() {
        Topology t = overridden();
        backend(t).preflight(t, file == null ? "" : file + ": ");
        return t;
    }

    /** The backend named by {@code --backend}, else by the topology; an unknown name says where it came from. */
    Backend backend(Topology t) {
        return resolve(backend, t, file == null ? "" : file + ": ");
    }

    static Backend resolve(String option, Topology t, String where) {
        try {
            return Backends.named(option != null ? option : t.backend());
        } catch (FiredrillException e) {
            throw new FiredrillException((option != null ? "--backend: " : where + "backend: ") + e.getMessage(), e);
        }
    }

    /** "embedded (everything on this machine...), fake (...)" for --help. */
    static String described() {
        StringBuilder b = new StringBuilder();
        for (Backend x : Backends.all()) {
            b.append(b.length() == 0 ? "" : "; ").append(x.name()).append(" (").append(x.description()).append(')');
        }
        return b.toString();
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
