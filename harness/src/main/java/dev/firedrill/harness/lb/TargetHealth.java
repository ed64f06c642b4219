package dev.firedrill.harness.lb;

import java.util.Objects;

/**
 * A target's health as AWS's DescribeTargetHealth reports it.
 *
 * @param state       the state
 * @param reason      why it is not healthy; {@link ReasonCode#NONE} when healthy
 * @param description human-readable detail, e.g. "Health checks failed with these codes: [503]"; empty when healthy
 */
public record TargetHealth(TargetState state, ReasonCode reason, String description) {
    public TargetHealth {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        description = description == null ? "" : description;
    }

    /** The health of a target that passed its checks. */
    public static TargetHealth healthy() {
        return new TargetHealth(TargetState.HEALTHY, ReasonCode.NONE, "");
    }

    @Override
    public String toString() {
        return reason == ReasonCode.NONE ? state.awsName()
                : state.awsName() + " (" + reason.code() + (description.isEmpty() ? "" : ": " + description) + ")";
    }
}
