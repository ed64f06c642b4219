package dev.firedrill.harness.backend;

import dev.firedrill.harness.topology.Topology;

/**
 * Brings a {@link Topology} up for real. Implementations: {@code embedded} (default, no Docker),
 * later {@code containers} and {@code aws}. Optional abilities (kill, pause, partition, failover...)
 * are separate interfaces a {@link Deployment} may implement, checked before a run starts.
 */
public interface Backend {
    /** Short id used on the command line, e.g. {@code embedded}. */
    String name();

    /**
     * Starts every component, waits until the stack serves, and returns the running handle. On
     * failure nothing is left running and a {@link dev.firedrill.harness.FiredrillException} explains
     * what failed and why.
     */
    Deployment deploy(Topology topology, ProgressListener progress);

    default Deployment deploy(Topology topology) {
        return deploy(topology, ProgressListener.SILENT);
    }
}
