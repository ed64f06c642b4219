package dev.firedrill.harness.lb;

/**
 * One change of a target's {@link TargetState}.
 *
 * @param targetId    the target
 * @param from        the state before
 * @param to          the state after
 * @param reason      the reason code of the new state ({@link ReasonCode#NONE} when it became healthy)
 * @param description detail of the new state
 * @param nanos       when, on the monotonic clock of {@link AlbConfig#nanoClock()}
 */
public record HealthTransition(String targetId, TargetState from, TargetState to, ReasonCode reason,
                               String description, long nanos) {
}
