package dev.firedrill.harness.fleet;

/** Receives every {@link FleetEvent}; called on the fleet's own threads, must not block. */
@FunctionalInterface
public interface FleetListener {
    void onEvent(FleetEvent event);
}
