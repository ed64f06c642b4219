package dev.firedrill.harness.lb;

/**
 * Told of every target state change. Called on the simulator's health-check thread, so keep it
 * short and non-blocking (record the event, complete a future); an exception it throws is logged
 * and ignored.
 */
@FunctionalInterface
public interface HealthListener {
    void onTransition(HealthTransition transition);
}
