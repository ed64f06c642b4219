package dev.firedrill.harness.check;

import dev.firedrill.harness.history.History;
import java.util.Map;

/**
 * Opens the harness test helper {@code Workload} (package-private, shipped in the harness test-jar) to the
 * perf module, so the checker benchmark times exactly the history that the harness {@code CheckerBench}
 * times. Lives in the harness package for that reason only; it is part of the perf module.
 */
public final class SyntheticWorkloads {
    /** A generated history plus the final-state inputs every standard checker needs. */
    public record Run(History history, Map<String, FinalValue> finalState, Map<String, JobOutcome> jobs) {
    }

    private SyntheticWorkloads() {
    }

    /**
     * {@code operations} operations one per millisecond, seed 1, one fault over 40–45 % of the run (as
     * CheckerBench): about 2 events per operation, all checkers valid.
     */
    public static Run generate(int operations) {
        Workload.Result w = Workload.generate(operations, 1, operations * 0.4, operations * 0.45);
        return new Run(w.history(), w.finalState(), w.jobs());
    }
}
