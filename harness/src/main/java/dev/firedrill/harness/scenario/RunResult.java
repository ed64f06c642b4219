package dev.firedrill.harness.scenario;

import dev.firedrill.harness.history.Stalls;
import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.check.Figure;
import dev.firedrill.harness.check.Verdict;
import dev.firedrill.harness.history.FaultWindow;
import dev.firedrill.harness.history.History;
import dev.firedrill.harness.report.Interruption;
import dev.firedrill.harness.report.SloVerdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run produced: the history, check results, SLO verdicts, the report files and summary figures.
 *
 * @param verdict  worst check verdict, {@code INVALID} when an SLO failed
 * @param figures  run-level figures: {@code durationMs}, {@code operations}, {@code maxScheduleLagMs},
 *                 {@code processes}, {@code finalKeys}, {@code jobs}, {@code healthyAfterHeal}, …
 * @param error    what went wrong during the run (faults were healed anyway), or null
 * @param interruption where the run was cut short (its SLOs are then not judged, verdict unknown), or null
 */
public record RunResult(String scenario, long seed, double timeScale, Path reportDir, History history,
                        List<CheckResult> checks, List<SloVerdict> slos, Verdict verdict,
                        Map<String, Object> figures, String error, Interruption interruption) {
    // run-level figures the CLI reads; ScenarioRunner writes them (by these names)
    /** Run-level figure: what failed before the first fault (a broken stack, not the fault's doing), if anything. */
    public static final Figure<String> FAILING_BEFORE_FAULTS = Figure.text("failingBeforeFaults");
    /** Run-level figure: how long, in all, the harness could not keep time. */
    public static final Figure<Long> STALLED_MS = Figure.count("stalledMs");
    /** Run-level figure: how many stalls the harness had. */
    public static final Figure<Long> STALLS = Figure.count("stalls");

    public RunResult {
        checks = List.copyOf(checks);
        slos = List.copyOf(slos);
        figures = Map.copyOf(figures);
    }

    /** A run that ran to the end. */
    public RunResult(String scenario, long seed, double timeScale, Path reportDir, History history,
                     List<CheckResult> checks, List<SloVerdict> slos, Verdict verdict, Map<String, Object> figures,
                     String error) {
        this(scenario, seed, timeScale, reportDir, history, checks, slos, verdict, figures, error, null);
    }

    /** Whether the run was cut short (Ctrl-C, SIGTERM) before it finished. */
    public boolean interrupted() {
        return interruption != null;
    }

    public Path historyFile() {
        return reportDir.resolve("history.jsonl");
    }

    public Path resultJson() {
        return reportDir.resolve("result.json");
    }

    public Path indexHtml() {
        return reportDir.resolve("index.html");
    }

    /** A run-level figure by its typed key, e.g. {@code figure(RunResult.STALLED_MS)}. */
    public <T> Optional<T> figure(Figure<T> key) {
        return key.in(figures);
    }

    /** The named checker's result. */
    public Optional<CheckResult> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The SLO verdict with this name. */
    public Optional<SloVerdict> slo(String name) {
        return slos.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Fault windows (requested, effective, healed) from the history. */
    public List<FaultWindow> faults() {
        return history.faults();
    }

    /** Outages of {@code op} per fault, measured from the history. */
    public List<Outage> outages(String op) {
        return Measures.outages(history, op);
    }

    /**
     * Failed when an SLO failed or the run raised an error; inconclusive when no SLO failed but one could not be
     * judged (the harness could not keep time, or an input was missing); passed otherwise.
     */
    public SloVerdict.Outcome outcome() {
        if (interrupted()) {
            return SloVerdict.Outcome.INCONCLUSIVE;
        }
        if (error != null || slos.stream().anyMatch(SloVerdict::failed)) {
            return SloVerdict.Outcome.FAILED;
        }
        return slos.stream().anyMatch(SloVerdict::isInconclusive) ? SloVerdict.Outcome.INCONCLUSIVE
                : SloVerdict.Outcome.PASSED;
    }

    /** The windows in which the harness could not keep time, from this run's history. */
    public Stalls stalls() {
        return Stalls.of(history);
    }

    /** True when every check is valid and every SLO passed. */
    public boolean passed() {
        return verdict == Verdict.VALID && error == null && interruption == null;
    }
}
