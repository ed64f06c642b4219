package dev.firedrill.app.internal.db;

/** A job's record: the dedup row the worker locks while processing. */
public record Job(String id, String status, int attempts, int deliveries, int executions, String payloadJson,
                  String resultJson, String lastError, String processedBy) {
    public static final String QUEUED = "queued";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String ENQUEUE_FAILED = "enqueue_failed";
}
