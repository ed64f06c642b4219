package dev.firedrill.harness.backend.embedded.internal;

import dev.firedrill.harness.backend.Probe;
import dev.firedrill.harness.lb.AlbSimulator;
import dev.firedrill.harness.lb.TargetHealth;
import java.util.Map;

/** The ALB's view of each target: {@code healthy}, {@code unhealthy}, {@code initial}, {@code draining}, …. */
public final class TargetHealthProbe implements Probe {
    private final AlbSimulator alb;

    public TargetHealthProbe(AlbSimulator alb) {
        this.alb = alb;
    }

    @Override
    public String name() {
        return "target-health";
    }

    @Override
    public void sample(Readings out) {
        for (Map.Entry<String, TargetHealth> e : alb.targetHealth().entrySet()) {
            out.state("target_health", e.getKey(), e.getValue().state().awsName());
        }
    }
}
