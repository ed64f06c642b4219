/**
 * Scenarios: a {@link dev.firedrill.harness.scenario.Scenario} is a topology, a workload, a fault schedule
 * ({@link dev.firedrill.harness.scenario.FaultStep}s) and {@link dev.firedrill.harness.scenario.Slo}s, built in
 * Java or read from YAML by {@link dev.firedrill.harness.scenario.ScenarioYaml} (which also holds the built-in
 * ones). {@link dev.firedrill.harness.scenario.ScenarioRunner} plays it on a deployment: warm-up, the
 * {@code workload} with faults injected and healed on time, a final phase that always heals and reads the final
 * state, then the {@code check} checkers, the SLOs and the {@code report}; it returns a
 * {@link dev.firedrill.harness.scenario.RunResult}. {@link dev.firedrill.harness.scenario.Slos} builds the SLOs
 * ({@link dev.firedrill.harness.scenario.SloCatalog} maps the YAML names to them), judged on figures from
 * {@link dev.firedrill.harness.scenario.Measures}.
 */
package dev.firedrill.harness.scenario;
