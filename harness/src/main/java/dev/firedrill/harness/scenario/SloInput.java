package dev.firedrill.harness.scenario;

import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.history.History;
import java.util.List;
import java.util.Optional;

/**
 * What an SLO judges: the history, the checkers' results and the time scale (to turn AWS-equivalent bounds
 * into rehearsed ones).
 */
public record SloInput(History history, List<CheckResult> checks, double timeScale) {

    public SloInput {
        checks = List.copyOf(checks);
    }

    /** The result of the named checker, if it ran. */
    public Optional<CheckResult> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
