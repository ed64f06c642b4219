package dev.firedrill.harness.scenario;

import dev.firedrill.harness.history.Stalls;
import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.history.History;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an SLO judges: the history, the checkers' results, the time scale (to turn AWS-equivalent bounds
 * into rehearsed ones) and the windows in which the harness could not keep time ({@link Stalls}, derived from
 * the history): a timing SLO whose verdict hangs on a figure measured there is inconclusive.
 */
public record SloInput(History history, List<CheckResult> checks, double timeScale, Stalls stalls) {

    public SloInput {
        checks = List.copyOf(checks);
        Objects.requireNonNull(stalls, "stalls");
    }

    /** The stalls are derived from the history's harness-health events with the default bound. */
    public SloInput(History history, List<CheckResult> checks, double timeScale) {
        this(history, checks, timeScale, Stalls.of(history));
    }

    /** The result of the named checker, if it ran. */
    public Optional<CheckResult> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
