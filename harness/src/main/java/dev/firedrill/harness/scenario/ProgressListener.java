package dev.firedrill.harness.scenario;

/** Receives a {@link Progress} about twice a second and at every phase change. Must not block. */
@FunctionalInterface
public interface ProgressListener {
    void onProgress(Progress progress);

    /** Ignores everything. */
    static ProgressListener none() {
        return p -> { };
    }
}
