package dev.firedrill.harness.fault;

/** The life of a fault, each a separate event with monotonic time. */
public enum FaultPhase {
    /** The fault was asked for. */
    REQUESTED,
    /** The fault is in force (for a failover: writes possible again on the new primary). */
    EFFECTIVE,
    /** Its heal ran. */
    HEALED,
    /** It could not be applied or healed; {@link FaultEvent#detail()} says why. */
    FAILED
}
