package dev.firedrill.scenarios;

import dev.firedrill.harness.backend.Backends;
import dev.firedrill.harness.backend.Deployment;
import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.scenario.RunResult;
import dev.firedrill.harness.scenario.Scenario;
import dev.firedrill.harness.scenario.ScenarioRunner;
import dev.firedrill.harness.scenario.ScenarioYaml;
import dev.firedrill.harness.topology.AppSpec;
import dev.firedrill.harness.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a built-in scenario (the same YAML file {@code firedrill run <name>} runs) on a fresh deployment of its own
 * topology, prints its SLO verdicts and wall time, and appends the wall time to
 * {@code target/scenario-wall-times.txt}. Weakened variants are the same scenario changed in Java.
 */
final class BuiltinScenario {
    private static final Path REPORTS = Path.of("target", "firedrill");

    private BuiltinScenario() {
    }

    /** The built-in scenario as the CLI loads it. */
    static Scenario load(String name) {
        return ScenarioYaml.builtin(name).scenario();
    }

    /** The scenario with extra env for every app instance (a weakening switch of the reference app). */
    static Scenario withAppEnv(Scenario s, String label, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>(s.topology().fleet().app().env());
        env.putAll(extra);
        return withTopology(s, label, t -> t.toBuilder().fleet(f -> f.withApp(new AppSpec(
                t.fleet().app().command(), env))).build());
    }

    /** The scenario with its topology changed, renamed {@code <name>-<label>} so its report has its own directory. */
    static Scenario withTopology(Scenario s, String label, UnaryOperator<Topology> change) {
        return rename(s, label).toBuilder().topology(change.apply(s.topology())).build();
    }

    /** A copy named {@code <name>-<label>}. */
    static Scenario rename(Scenario s, String label) {
        return new Scenario(s.name() + "-" + label, s.topology(), s.workload(), s.warmup(), s.duration(), s.faults(),
                s.seed(), s.slos(), s.jobBound(), s.sampleInterval(), s.deployments());
    }

    /** Deploys the scenario's topology, runs it, tears it down; prints verdicts and the wall time. */
    static RunResult run(Scenario s) {
        long t0 = System.nanoTime();
        long up;
        long ran;
        RunResult r;
        try (Deployment d = Backends.named(s.topology().backend()).deploy(s.topology())) {
            up = System.nanoTime();
            r = ScenarioRunner.create().reportRoot(REPORTS).run(s, d);
            ran = System.nanoTime();
        }
        long end = System.nanoTime();
        double wall = (end - t0) / 1e9;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%n=== scenario %s: wall time %.1f s = deploy %.1f s + run %.1f s + "
                        + "teardown %.1f s (run phases in ms: %s), time scale %s, verdict %s%s%n", s.name(), wall,
                (up - t0) / 1e9, (ran - up) / 1e9, (end - ran) / 1e9, r.figures().get("phaseMs"), r.timeScale(),
                r.verdict(), r.error() == null ? "" : ", error " + r.error()));
        for (SloVerdict v : r.slos()) {
            b.append(String.format(Locale.ROOT, "  [%s] %s: expected %s; measured %s%s%n", v.outcome().wire(),
                    v.name(), v.expected(), v.measured(), v.passed() ? "" : " -- " + v.message()));
        }
        b.append(String.format(Locale.ROOT, "  harness health: %s ms stalled (%s), pauses p99 %s ms / max %s ms, "
                + "prewarm %s%n", r.figures().get("stalledMs"), r.stalls(), r.figures().get("harnessPauseP99Ms"),
                r.figures().get("harnessPauseMaxMs"), r.figures().get("prewarm")));
        b.append("  report ").append(r.indexHtml().toAbsolutePath()).append('\n');
        System.out.print(b);
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "scenario-wall-times.txt"), String.format(Locale.ROOT,
                    "%-32s %6.1f s  %s%n", s.name(), wall, r.verdict()), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("could not record the wall time: " + e);
        }
        return r;
    }

    /**
     * The verdict of the named SLO; fails the test when the scenario has no such SLO, and aborts it (skipped, with
     * the reason) when the SLO is inconclusive: the harness could not keep time, so the run proves nothing.
     */
    static SloVerdict slo(RunResult r, String name) {
        SloVerdict v = r.slo(name).orElseThrow(() -> new AssertionError("scenario " + r.scenario() + " has no SLO '"
                + name + "'; it has " + r.slos().stream().map(SloVerdict::name).toList()));
        Assumptions.assumeFalse(v.isInconclusive(), () -> "SLO '" + name + "' is inconclusive, not failed: "
                + v.inconclusive() + "; report " + r.indexHtml());
        return v;
    }
}
