package dev.firedrill.harness.backend;

import java.time.Duration;

/** Receives progress of long steps, e.g. to print one line per started component. */
public interface ProgressListener {
    ProgressListener SILENT = new ProgressListener() {
    };

    /** A component is up: {@code detail} says where, {@code took} how long it took. */
    default void componentReady(String component, String detail, Duration took) {
    }

    /** A free-form step message ("sweeping stale runs", "waiting for targets to become healthy"). */
    default void step(String message) {
    }
}
