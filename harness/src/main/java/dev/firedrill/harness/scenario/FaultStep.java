package dev.firedrill.harness.scenario;

import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.fault.FaultSpec;
import java.time.Duration;
import java.util.Objects;

/**
 * One entry of a fault schedule: inject {@code fault} {@code at} after the warm-up ends and heal it
 * {@code duration} later; a null duration leaves it to the final phase, which heals everything.
 *
 * <pre>{@code
 * FaultStep.at(Duration.ofSeconds(2), new Fault.Partition(List.of("app"), List.of("db-writer"),
 *         Fault.PartitionMode.REJECT, false), Duration.ofSeconds(3));
 * FaultStep.at(Duration.ofSeconds(2), FaultSpec.of("replica-lag", "all", "2s", Map.of("mode", "pause")));
 * }</pre>
 */
public record FaultStep(Duration at, Fault fault, Duration duration) {

    public FaultStep {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(fault, "fault");
        if (at.isNegative()) {
            throw new IllegalArgumentException("fault '" + fault.kind() + "' at " + at
                    + ": a fault cannot start before the run; use a time ≥ 0 after the warm-up");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("fault '" + fault.kind() + "' lasts " + duration
                    + ": use a positive duration, or null to heal it in the final phase");
        }
    }

    /** Inject at {@code at}, heal {@code duration} later. */
    public static FaultStep at(Duration at, Fault fault, Duration duration) {
        return new FaultStep(at, fault, duration);
    }

    /** Inject at {@code at}; heal only in the final phase. */
    public static FaultStep at(Duration at, Fault fault) {
        return new FaultStep(at, fault, null);
    }

    /** A spec as on the command line; its {@code --for} duration is when it is healed (none: final phase). */
    public static FaultStep at(Duration at, FaultSpec spec) {
        return new FaultStep(at, spec.toFault(), spec.duration());
    }

    /** When the heal is due, or null. */
    public Duration healAt() {
        return duration == null ? null : at.plus(duration);
    }
}
