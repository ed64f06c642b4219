package dev.firedrill.harness.fleet;

import dev.firedrill.harness.lb.TargetState;
import dev.firedrill.harness.lb.TargetStats;
import dev.firedrill.harness.topology.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a backend lets the Auto Scaling group and deployments do with its fleet: launch an instance of a release
 * into a target group, drain and terminate one, and read the load balancer's view. Implementations are thread-safe.
 * Launch and terminate act at once and do not wait for health; {@link FleetManager} does the waiting.
 */
public interface FleetControl {

    Topology topology();

    /** Instances launched and not terminated, in launch order. */
    List<FleetInstance> instances();

    /**
     * Starts an instance of {@code release} in {@code subnet} and registers it in {@code targetGroup} (state
     * {@code initial}); returns without waiting for its health.
     */
    FleetInstance launch(String release, String subnet, String targetGroup);

    /** Starts draining the instance's target (no new requests; in-flight ones finish within the delay). */
    void deregister(String id);

    /** Stops the instance's process and forgets it; its target is removed from the load balancer if still there. */
    void terminate(String id);

    /** EC2's view: the instance exists and runs (its process is alive). */
    boolean isRunning(String id);

    /** The load balancer's state of the instance's target, or null when it is not registered. */
    TargetState targetState(String id);

    /** Sets the listener's weights over target groups, e.g. {@code {green: 100}}. */
    void forward(Map<String, Integer> weights);

    Map<String, Integer> forwardWeights();

    /** The load balancer's cumulative per-target statistics, by instance id. */
    Map<String, TargetStats> targetStats();

    /** CPU time the instance's process has used so far, or null when it cannot be read. */
    Duration cpuTime(String id);

    /** The deregistration delay as it runs here (AWS delay × timeScale). */
    Duration deregistrationDelay();
}
