package dev.firedrill.harness.check;

import dev.firedrill.harness.history.History;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything checkers look at: the history plus what the final checks after heal found. Missing inputs are
 * null; a checker that needs one answers UNKNOWN and says which input to provide.
 *
 * @param finalState key → latest version/value read from the writer after heal, or null
 * @param jobs       job id → processing outcome from the final queue check, or null
 * @param jobBound   acknowledged jobs must be processed within this time after the last heal
 */
public record CheckInput(History history, Map<String, FinalValue> finalState, Map<String, JobOutcome> jobs,
                         Duration jobBound) {

    public CheckInput {
        Objects.requireNonNull(history, "history");
        finalState = finalState == null ? null : Map.copyOf(finalState);
        jobs = jobs == null ? null : Map.copyOf(jobs);
        jobBound = jobBound == null ? Duration.ofSeconds(30) : jobBound;
    }

    /** Input with just a history. */
    public static CheckInput of(History history) {
        return new CheckInput(history, null, null, null);
    }

    public CheckInput withFinalState(Map<String, FinalValue> state) {
        return new CheckInput(history, state, jobs, jobBound);
    }

    public CheckInput withJobs(Map<String, JobOutcome> outcomes, Duration bound) {
        return new CheckInput(history, finalState, outcomes, bound);
    }
}
