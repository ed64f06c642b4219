package dev.firedrill.harness.backend.embedded;

import dev.firedrill.harness.backend.embedded.internal.AppInstance;
import dev.firedrill.harness.fleet.FleetControl;
import dev.firedrill.harness.fleet.FleetInstance;
import dev.firedrill.harness.lb.TargetHealth;
import dev.firedrill.harness.lb.TargetState;
import dev.firedrill.harness.lb.TargetStats;
import dev.firedrill.harness.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The embedded fleet as the Auto Scaling group and deployments see it: app processes behind the ALB simulator. */
final class EmbeddedFleet implements FleetControl {
    private final EmbeddedDeployment d;

    EmbeddedFleet(EmbeddedDeployment d) {
        this.d = d;
    }

    @Override
    public Topology topology() {
        return d.topology();
    }

    @Override
    public List<FleetInstance> instances() {
        List<FleetInstance> out = new ArrayList<>();
        Map<String, dev.firedrill.harness.topology.ComponentSpec> specs = d.specs();
        for (AppInstance i : d.instances().values()) {
            var spec = specs.get(i.name());
            out.add(new FleetInstance(i.name(), i.az(), spec == null ? null : spec.subnet(), i.release(),
                    d.targetGroupOf(i.name()), i.launchedNanos()));
        }
        return out;
    }

    @Override
    public FleetInstance launch(String release, String subnet, String targetGroup) {
        AppInstance i = d.launchInstance(release, subnet, targetGroup);
        return new FleetInstance(i.name(), i.az(), subnet, release, targetGroup, i.launchedNanos());
    }

    @Override
    public void deregister(String id) {
        TargetHealth h = d.alb().targetHealth().get(id);
        if (h != null && h.state() != TargetState.DRAINING) {
            d.alb().deregister(id);
        }
    }

    @Override
    public void terminate(String id) {
        d.terminateInstance(id);
    }

    @Override
    public boolean isRunning(String id) {
        AppInstance i = d.instances().get(id);
        return i != null && i.isAlive();
    }

    @Override
    public TargetState targetState(String id) {
        TargetHealth h = d.alb().targetHealth().get(id);
        return h == null ? null : h.state();
    }

    @Override
    public void forward(Map<String, Integer> weights) {
        d.alb().forward(weights);
    }

    @Override
    public Map<String, Integer> forwardWeights() {
        return d.alb().forwardWeights();
    }

    @Override
    public Map<String, TargetStats> targetStats() {
        return d.alb().stats().byTarget();
    }

    @Override
    public Duration cpuTime(String id) {
        AppInstance i = d.instances().get(id);
        if (i == null || i.process() == null) {
            return null;
        }
        return ProcessHandle.of(i.process().pid()).flatMap(p -> p.info().totalCpuDuration()).orElse(null);
    }

    @Override
    public Duration deregistrationDelay() {
        return d.alb().config().scaled(d.alb().config().deregistrationDelay());
    }
}
