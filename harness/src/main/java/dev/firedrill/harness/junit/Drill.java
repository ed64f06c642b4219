package dev.firedrill.harness.junit;

import dev.firedrill.harness.backend.Deployment;
import dev.firedrill.harness.fault.FaultInjector;
import dev.firedrill.harness.scenario.ProgressListener;
import dev.firedrill.harness.scenario.RunResult;
import dev.firedrill.harness.scenario.Scenario;
import dev.firedrill.harness.scenario.ScenarioRunner;
import dev.firedrill.harness.topology.Topology;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A running topology for tests: run scenarios on it (the deployment is reused; every run ends healed), or reach
 * the deployment and its faults directly. Created by {@link FiredrillExtension}; closing it tears down the
 * topology.
 */
public final class Drill implements AutoCloseable {
    private final Deployment deployment;
    private final ScenarioRunner runner;

    public Drill(Deployment deployment, Path reportRoot) {
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.runner = ScenarioRunner.create().reportRoot(reportRoot);
    }

    /** Runs the scenario on this deployment (the scenario's own topology is ignored). */
    public RunResult run(Scenario scenario) {
        return runner.run(scenario, deployment);
    }

    /** Runs the scenario, reporting progress. */
    public RunResult run(Scenario scenario, ProgressListener progress) {
        return runner.onProgress(progress).run(scenario, deployment);
    }

    /** A scenario builder preset with this deployment's topology. */
    public Scenario.Builder scenario(String name) {
        return Scenario.named(name).topology(deployment.topology());
    }

    public Deployment deployment() {
        return deployment;
    }

    public FaultInjector faults() {
        return deployment.faults();
    }

    public Topology topology() {
        return deployment.topology();
    }

    @Override
    public void close() {
        deployment.close();
    }
}
