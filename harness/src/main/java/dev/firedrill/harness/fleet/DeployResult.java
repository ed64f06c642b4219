package dev.firedrill.harness.fleet;

import java.time.Duration;

/**
 * How a deployment ended.
 *
 * @param outcome  released, or rolled back
 * @param reason   why it was rolled back ("v2-errors: 48 % 5xx over 61 requests > 5 %"), empty when released
 * @param took     from start to end, as rehearsed (real time)
 */
public record DeployResult(DeploySpec spec, Outcome outcome, String reason, Duration took) {

    /** The two ends of a deployment. */
    public enum Outcome {
        RELEASED, ROLLED_BACK
    }

    public boolean released() {
        return outcome == Outcome.RELEASED;
    }
}
