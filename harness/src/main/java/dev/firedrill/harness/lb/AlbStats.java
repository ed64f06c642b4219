package dev.firedrill.harness.lb;

import java.util.Map;

/**
 * A snapshot of what the simulator did since it started. Maps are immutable.
 *
 * @param requestsByTarget   requests forwarded to each target (whatever came back)
 * @param responsesByStatus  responses the simulator sent to clients, by status code (targets' and its own)
 * @param errorsByReason     responses the simulator generated itself, by {@code X-Firedrill-Lb-Error} reason
 */
public record AlbStats(Map<String, Long> requestsByTarget, Map<Integer, Long> responsesByStatus,
                       Map<String, Long> errorsByReason) {
    public AlbStats {
        requestsByTarget = Map.copyOf(requestsByTarget);
        responsesByStatus = Map.copyOf(responsesByStatus);
        errorsByReason = Map.copyOf(errorsByReason);
    }

    /** All responses sent to clients. */
    public long totalResponses() {
        return responsesByStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Requests forwarded to {@code targetId}, 0 if none. */
    public long requestsTo(String targetId) {
        return requestsByTarget.getOrDefault(targetId, 0L);
    }
}
