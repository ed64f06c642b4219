package dev.firedrill.harness.fleet;

import dev.firedrill.harness.lb.TargetStats;

/** Per-target statistics with only request and 5xx counts (every request answered), for the in-memory fleet. */
final class TargetStatsFixture {
    private TargetStatsFixture() {
    }

    static TargetStats of(long requests, long errors5xx) {
        return new TargetStats(requests, requests - errors5xx, 0, 0, errors5xx, TargetStats.empty().latencyBuckets());
    }
}
