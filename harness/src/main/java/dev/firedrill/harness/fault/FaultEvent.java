package dev.firedrill.harness.fault;

/**
 * One step of a fault's life.
 *
 * @param faultId unique per injected fault in a run, e.g. {@code f3}
 * @param nanos monotonic time ({@link System#nanoTime()} of the harness)
 * @param target what was actually hit, after selectors were resolved
 */
public record FaultEvent(String faultId, String kind, FaultPhase phase, String target, long nanos, String detail) {
}
