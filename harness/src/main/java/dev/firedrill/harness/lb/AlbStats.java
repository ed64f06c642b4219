package dev.firedrill.harness.lb;

import java.util.Map;

/**
 * A snapshot of what the simulator did since it started. Maps are immutable.
 *
 * @param requestsByTarget   requests forwarded to each target (whatever came back)
 * @param responsesByStatus  responses the simulator sent to clients, by status code (targets' and its own)
 * @param errorsByReason     responses the simulator generated itself, by {@code X-Firedrill-Lb-Error} reason
 * @param byTarget           each target's cumulative response statistics, by id, for every target ever registered
 *                           (in any group, still registered or not)
 */
public record AlbStats(Map<String, Long> requestsByTarget, Map<Integer, Long> responsesByStatus,
                       Map<String, Long> errorsByReason, Map<String, TargetStats> byTarget) {
    public AlbStats {
        requestsByTarget = Map.copyOf(requestsByTarget);
        responsesByStatus = Map.copyOf(responsesByStatus);
        errorsByReason = Map.copyOf(errorsByReason);
        byTarget = Map.copyOf(byTarget);
    }

    /** A snapshot without per-target statistics. */
    public AlbStats(Map<String, Long> requestsByTarget, Map<Integer, Long> responsesByStatus,
                    Map<String, Long> errorsByReason) {
        this(requestsByTarget, responsesByStatus, errorsByReason, Map.of());
    }

    /** All responses sent to clients. */
    public long totalResponses() {
        return responsesByStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Requests forwarded to {@code targetId}, 0 if none. */
    public long requestsTo(String targetId) {
        return requestsByTarget.getOrDefault(targetId, 0L);
    }

    /** {@code targetId}'s statistics; {@link TargetStats#empty()} for a target never registered. */
    public TargetStats target(String targetId) {
        return byTarget.getOrDefault(targetId, TargetStats.empty());
    }
}
