package dev.firedrill.harness.sampler.internal;

import dev.firedrill.harness.backend.embedded.EmbeddedDeployment;
import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.HistoryRecorder;
import dev.firedrill.harness.lb.TargetHealth;
import java.util.Map;

/** The ALB's view of each target: {@code healthy}, {@code unhealthy}, {@code initial}, {@code draining}, …. */
public final class TargetHealthProbe implements Runnable {
    private final EmbeddedDeployment deployment;
    private final HistoryRecorder recorder;

    public TargetHealthProbe(EmbeddedDeployment deployment, HistoryRecorder recorder) {
        this.deployment = deployment;
        this.recorder = recorder;
    }

    @Override
    public void run() {
        if (deployment.alb() == null) {
            return;
        }
        for (Map.Entry<String, TargetHealth> e : deployment.alb().targetHealth().entrySet()) {
            recorder.record(Event.sample("target_health", e.getKey(), e.getValue().state().awsName()));
        }
    }
}
