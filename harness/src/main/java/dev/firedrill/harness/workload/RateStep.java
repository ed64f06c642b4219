package dev.firedrill.harness.workload;

import java.time.Duration;
import java.util.Objects;

/**
 * One step of a stepped load profile: from {@code at} on, the workload's rate is {@code opsPerSecond}, until the
 * next step. In a {@link WorkloadSpec} (and a scenario) {@code at} counts from the end of the warm-up, on the same
 * clock as a scenario's fault times, so {@code at: 4s} and a fault {@code at: 4s} coincide; the warm-up itself runs
 * at the spec's base rate. Pure data.
 *
 * <pre>{@code
 * WorkloadSpec spec = WorkloadSpec.defaults().withRate(50)
 *         .withSteps(List.of(new RateStep(Duration.ofSeconds(4), 300), new RateStep(Duration.ofSeconds(12), 50)));
 * }</pre>
 *
 * @param at           when the rate changes, after the warm-up ends; ≥ 0
 * @param opsPerSecond the rate from then on, over all clients; a positive finite number
 */
public record RateStep(Duration at, double opsPerSecond) {

    public RateStep {
        Objects.requireNonNull(at, "at (when the rate changes, after the warm-up, e.g. Duration.ofSeconds(4))");
        if (at.isNegative()) {
            throw new IllegalArgumentException("at must be ≥ 0 (time after the warm-up), was " + at);
        }
        if (!(opsPerSecond > 0) || Double.isInfinite(opsPerSecond)) {
            throw new IllegalArgumentException("opsPerSecond must be a positive number of operations per second, was "
                    + opsPerSecond);
        }
    }

    /** The same step {@code offset} later: a step in scenario time moved onto a clock that starts earlier. */
    public RateStep later(Duration offset) {
        return new RateStep(at.plus(offset), opsPerSecond);
    }
}
