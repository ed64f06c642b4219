package dev.firedrill.harness.backend;

import dev.firedrill.harness.fault.FaultInjector;
import dev.firedrill.harness.topology.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A running topology on some backend: the seam the scenario runner, the sampler, the JUnit extension and the CLI
 * use, whatever runs the stack. It offers where the stack is reachable ({@link #endpoints()}), its fault ability
 * ({@link #faults()}), its probes ({@link #probes()}) and what the final phase of a run waits for. Closing it
 * stops every component and is idempotent.
 */
public interface Deployment extends AutoCloseable {
    Topology topology();

    /** Where the stack is reachable and what runs; a failover changes the components. */
    Endpoints endpoints();

    /** The directory that holds this run's data and logs, removed by {@link #close()}; null when there is none. */
    Path runDir();

    /** The backend's id, e.g. {@code embedded}. */
    String backend();

    /** Injects, heals and checks faults on this deployment. */
    FaultInjector faults();

    /**
     * The readings a run samples ({@code replica_lag_seconds}, {@code replica_lag_bytes}, {@code target_health},
     * {@code queue_depth}), each from this backend's own source: SQL on the servers, the load balancer's view, the
     * queue's attributes. The sampler runs each on its own thread and closes them when it stops.
     */
    List<Probe> probes();

    /**
     * Waits until every replica has replayed what the primary had when called, so final reads see every write;
     * true when caught up within {@code timeout} (or there is nothing to catch up).
     */
    default boolean awaitReplicasCaughtUp(Duration timeout) {
        return true;
    }

    /**
     * How long after a receive an unacknowledged job is delivered again (the visibility timeout as this backend
     * enforces it, e.g. SQS's whole seconds of the scaled value); the final phase waits that long for redelivered
     * jobs to settle. Zero without queues.
     */
    default Duration queueRedelivery() {
        return Duration.ZERO;
    }

    /**
     * The fleet's Auto Scaling group and deployments ({@code ./firedrill deploy}), when this backend runs them;
     * empty by default.
     */
    default java.util.Optional<dev.firedrill.harness.fleet.FleetManager> fleet() {
        return java.util.Optional.empty();
    }

    /** The spans and flow records this deployment keeps; {@link Telemetry#NONE} when it keeps none. */
    default Telemetry telemetry() {
        return Telemetry.NONE;
    }

    /**
     * Why the run must stop now, or null: a stop condition fired (on AWS, the 5xx alarm FIS experiments stop on)
     * or the deployment reached the longest it may live. The scenario runner asks every half second; when it gets
     * a reason it stops the run as it would on Ctrl-C: faults healed, nothing after that judged, the reason in
     * the report.
     */
    default String stopReason() {
        return null;
    }

    @Override
    void close();
}
