package dev.firedrill.harness.backend;

import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.fault.FaultAction;
import dev.firedrill.harness.fault.FaultPlanner;
import dev.firedrill.harness.topology.Topology;
import java.util.Set;

/**
 * Brings a {@link Topology} up for real and hands back the running {@link Deployment}. Backends are found by name
 * through {@link Backends} (a {@link java.util.ServiceLoader} registry): {@code embedded} is the default; another
 * backend registers itself in {@code META-INF/services/dev.firedrill.harness.backend.Backend}.
 *
 * <p>A backend declares the fault actions it can execute ({@link #actions()}); a scenario whose faults need
 * another is refused by {@link #check(Topology, Fault)} before anything is deployed.
 */
public interface Backend {
    /** Short id used on the command line ({@code --backend embedded}), in YAML and in annotations. */
    String name();

    /** One line for {@code --help} and for the list of backends. */
    String description();

    /** The primitive fault actions this backend's deployments can execute. */
    Set<FaultAction.Kind> actions();

    /**
     * Checks what this backend can tell about {@code topology} before starting anything (for the embedded one:
     * that the fleet's command exists and the security groups let the app reach its database). Throws a
     * {@link dev.firedrill.harness.TopologyException} naming every problem, each prefixed with {@code where}.
     */
    default void preflight(Topology topology, String where) {
    }

    /** True when this backend's deployments run a fleet that {@code firedrill deploy} and scenario deployments can use. */
    default boolean deploys() {
        return false;
    }

    /**
     * Throws a {@link dev.firedrill.harness.FaultException} when {@code fault} cannot hit {@code topology} or
     * needs an action this backend lacks; names the backend, the action and what it can do instead.
     */
    default void check(Topology topology, Fault fault) {
        FaultPlanner.requireSupported(FaultPlanner.plan(topology, fault), name(), actions());
    }

    /**
     * Removes what this backend's runs left behind when their harness was killed (for {@code firedrill clean}); one
     * line per thing removed. Nothing by default.
     */
    default java.util.List<String> sweepStale() {
        return java.util.List.of();
    }

    /**
     * Starts every component, waits until the stack serves, and returns the running handle. On failure nothing
     * is left running and a {@link dev.firedrill.harness.FiredrillException} explains what failed and why.
     */
    Deployment deploy(Topology topology, ProgressListener progress);

    default Deployment deploy(Topology topology) {
        return deploy(topology, ProgressListener.SILENT);
    }
}
