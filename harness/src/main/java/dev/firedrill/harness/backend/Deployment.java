package dev.firedrill.harness.backend;

import dev.firedrill.harness.topology.Topology;
import java.nio.file.Path;

/**
 * A running topology. Closing it stops every component, removes the run directory and is idempotent.
 */
public interface Deployment extends AutoCloseable {
    Topology topology();

    Endpoints endpoints();

    /** The directory that holds data dirs and logs of this run; removed by {@link #close()}. */
    Path runDir();

    /** The backend's id, e.g. {@code embedded}. */
    String backend();

    @Override
    void close();
}
