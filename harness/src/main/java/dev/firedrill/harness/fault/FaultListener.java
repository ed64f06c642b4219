package dev.firedrill.harness.fault;

/** Receives every fault event as it happens (the history recorder is one). */
@FunctionalInterface
public interface FaultListener {
    void onEvent(FaultEvent event);
}
