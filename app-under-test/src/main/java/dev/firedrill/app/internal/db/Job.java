package dev.firedrill.app.internal.db;

/**
 * A job's record: the dedup row the worker locks while processing. {@code doneAt} is when its work first ran to
 * completion (null until then).
 */
public record Job(String id, String status, int attempts, int deliveries, int executions, String payloadJson,
                  String resultJson, String lastError, String processedBy, java.time.Instant doneAt) {
    public static final String QUEUED = "queued";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String ENQUEUE_FAILED = "enqueue_failed";
}
