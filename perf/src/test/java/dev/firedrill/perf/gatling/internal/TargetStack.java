package dev.firedrill.perf.gatling.internal;

import dev.firedrill.harness.FiredrillException;
import dev.firedrill.harness.backend.Backends;
import dev.firedrill.harness.backend.Deployment;
import dev.firedrill.harness.history.HistoryRecorder;
import dev.firedrill.harness.sampler.Sampler;
import dev.firedrill.harness.scenario.internal.FaultBridge;
import dev.firedrill.harness.topology.Topology;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a simulation loads: the in-process embedded stack (3 reference-app instances behind the ALB, booted by
 * {@link #open}) or, with {@code -Dfiredrill.alb=http://127.0.0.1:8080}, a stack already running (e.g.
 * {@code ./firedrill up}); then {@code -Dfiredrill.control=URL} (the {@code control} URL of its endpoints.json)
 * lets an under-fault simulation inject through the fault API. Keeps the run's history: fault events and, in
 * process, the samplers (target health, replica lag, queue depth).
 */
public final class TargetStack implements AutoCloseable {
    private final Deployment deployment;
    private final String alb;
    private final String control;
    private final HistoryRecorder recorder;
    private final Sampler sampler;
    private final long startNanos = System.nanoTime();

    private TargetStack(Deployment deployment, String alb, String control) {
        this.deployment = deployment;
        this.alb = alb.endsWith("/") ? alb.substring(0, alb.length() - 1) : alb;
        this.control = control;
        this.recorder = HistoryRecorder.inMemory(System::nanoTime);
        if (deployment != null) {
            FaultBridge.of(deployment.faults()).recordTo(recorder);
            this.sampler = Sampler.start(deployment, recorder, Duration.ofMillis(250));
        } else {
            this.sampler = null;
        }
    }

    /** Boots the stack (or attaches to {@code firedrill.alb}); the history starts now. */
    public static TargetStack open(LoadSettings settings) {
        String external = System.getProperty("firedrill.alb");
        if (external != null && !external.isBlank()) {
            return new TargetStack(null, external.trim(), System.getProperty("firedrill.control"));
        }
        Deployment d = Backends.named("embedded").deploy(Topology.builder().timeScale(settings.timeScale()).build());
        try {
            String lb = d.endpoints().loadBalancer();
            if (lb == null) {
                throw new FiredrillException("the default topology has no load balancer endpoint");
            }
            return new TargetStack(d, lb, null);
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    public String alb() {
        return alb;
    }

    /** The in-process deployment, or null when attached to a running stack. */
    public Deployment deployment() {
        return deployment;
    }

    /** The fault API of an external stack, or null. */
    public String control() {
        return control;
    }

    public HistoryRecorder recorder() {
        return recorder;
    }

    /** Milliseconds since the history started. */
    public double elapsedMs() {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /** For the report's topology summary. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("load balancer URL", alb);
        if (deployment != null) {
            m.put("backend", "embedded (in process)");
            deployment.topology().components().forEach(c -> m.put(c.name(), c.kind().toString()));
        } else {
            m.put("backend", "external (firedrill.alb)");
        }
        return m;
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.close();
        }
        if (deployment != null) {
            FaultBridge.of(deployment.faults()).recordTo(null);
            deployment.close();
        }
    }
}
