package dev.firedrill.harness.scenario;

import dev.firedrill.harness.fleet.DeploySpec;
import java.time.Duration;
import java.util.Objects;

/**
 * A deployment in a scenario's schedule: start {@code spec} {@code at} after the warm-up. It runs beside the faults;
 * the final phase waits for it to end (released or rolled back) before healing.
 *
 * <pre>{@code
 * DeployStep.at(Duration.ofSeconds(2), DeploySpec.of(DeployStrategy.ROLLING, "v2").withBatchSize("1"));
 * }</pre>
 */
public record DeployStep(Duration at, DeploySpec spec) {
    public DeployStep {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(spec, "spec");
        if (at.isNegative()) {
            throw new IllegalArgumentException("deployment at " + at + ": use a time ≥ 0 after the warm-up");
        }
    }

    public static DeployStep at(Duration at, DeploySpec spec) {
        return new DeployStep(at, spec);
    }
}
