package dev.firedrill.harness.scenario.internal;

import java.util.concurrent.locks.LockSupport;

/** Precise waits on the monotonic clock (fault actions must run at their exact time). */
public final class Waits {
    private Waits() {
    }

    /** Parks until {@code System.nanoTime() >= deadline}; throws if interrupted. */
    public static void until(long deadline) throws InterruptedException {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(Math.min(left, 50_000_000L));
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for the next scenario step");
            }
        }
    }
}
