package dev.firedrill.harness.fleet;

import dev.firedrill.harness.fleet.internal.AutoScaler;
import dev.firedrill.harness.fleet.internal.Deployer;
import dev.firedrill.harness.fleet.internal.FleetState;
import dev.firedrill.harness.topology.AutoScaling;
import java.util.List;
import java.util.Objects;

/**
 * Runs a backend's fleet as an EC2 Auto Scaling group (when the topology's fleet has {@code autoScaling}) and deploys
 * releases to it. Start it once the fleet's first instances are registered; close it before the backend stops them.
 *
 * <pre>{@code
 * try (FleetManager fleet = FleetManager.start(control)) {
 *     fleet.addListener(e -> System.out.println(e));
 *     DeployResult r = fleet.deploy(DeploySpec.of(DeployStrategy.ROLLING, "v2").withBatchSize("1"));
 * }
 * }</pre>
 */
public final class FleetManager implements AutoCloseable {
    private final FleetState state;
    private final AutoScaler scaler;

    private FleetManager(FleetControl control) {
        this.state = new FleetState(control);
        AutoScaling asg = control.topology().fleet().autoScaling();
        this.scaler = asg == null ? null : AutoScaler.start(state, asg);
    }

    /** Manages {@code control}'s fleet; runs its Auto Scaling group when the topology declares one. */
    public static FleetManager start(FleetControl control) {
        Objects.requireNonNull(control, "control");
        if (control.topology().fleet() == null) {
            throw new DeployException("the topology has no fleet");
        }
        return new FleetManager(control);
    }

    public void addListener(FleetListener listener) {
        state.addListener(listener);
    }

    /** True when the fleet is an Auto Scaling group (it replaces and scales instances). */
    public boolean autoScaling() {
        return scaler != null;
    }

    /** The topology whose fleet this is. */
    public dev.firedrill.harness.topology.Topology topology() {
        return state.control().topology();
    }

    /** The desired capacity now. */
    public int desired() {
        return state.desired();
    }

    /** The release new instances run. */
    public String release() {
        return state.release();
    }

    /** Instances launched and not terminated. */
    public List<FleetInstance> instances() {
        return state.control().instances();
    }

    /** True while a deployment runs. */
    public boolean deploying() {
        return state.deploying();
    }

    /**
     * Checks that {@code spec} can run now, without touching anything: the release exists, no other deployment runs.
     *
     * @throws DeployException saying what is wrong and what would work
     */
    public void check(DeploySpec spec) {
        DeployOptions.check(spec, state.control().topology());
        if (state.deploying()) {
            throw new DeployException("a deployment is already running; wait for it to end");
        }
        if (spec.release().equals(state.release()) && spec.strategy() == DeployStrategy.ROLLING
                && state.control().instances().stream().allMatch(i -> i.release().equals(spec.release()))) {
            throw new DeployException("every instance already runs " + spec.release() + "; name another release");
        }
    }

    /** Checks {@code spec}, then runs the deployment to its end (released or rolled back) on this thread. */
    public DeployResult deploy(DeploySpec spec) {
        check(spec);
        return new Deployer(state, spec).run();
    }

    /** Stops the group's loop; instances are left to the backend. Idempotent. */
    @Override
    public void close() {
        state.close();
        if (scaler != null) {
            scaler.close();
        }
    }
}
