package dev.firedrill.app.internal.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.app.internal.db.Job;
import dev.firedrill.app.internal.db.JobRepository;
import dev.firedrill.app.internal.db.Pooled;
import dev.firedrill.app.internal.db.ReadRouter;
import dev.firedrill.app.internal.resilience.DependencyUnavailableException;
import dev.firedrill.app.internal.resilience.Guard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enqueueing and processing of jobs. A job row is written before the message is sent; processing locks the
 * row, skips jobs already done (duplicates from redelivery), and commits the result before the message is
 * deleted, so a job's effect happens once even when SQS delivers twice. JOBS_ACK_BEFORE_SEND=true (a
 * weakening) answers before SQS accepted the message and sends it in the background: a send that fails then
 * leaves an acknowledged job that never runs.
 */
public final class Jobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);
    private static final long MAX_WORK_MS = 5000;

    /** What processing one message came to. */
    public enum Outcome { DONE, DUPLICATE, FAILED, UNPARSEABLE }

    private final ReadRouter db;
    private final JobRepository repo = new JobRepository();
    private final JobQueue queue;
    private final Guard sqsGuard;
    private final ObjectMapper json;
    private final String instanceId;
    private final MeterRegistry metrics;
    private final Counter enqueued;
    private final java.util.concurrent.ExecutorService sender;
    private final boolean dedup;

    public Jobs(ReadRouter db, JobQueue queue, Guard sqsGuard, ObjectMapper json, String instanceId,
                MeterRegistry metrics) {
        this(db, queue, sqsGuard, json, instanceId, metrics, false, true);
    }

    /**
     * @param ackBeforeSend weakening: answer 202 before SQS accepted the message
     * @param dedup         false = weakening: a redelivered message of a done job runs the work again
     */
    public Jobs(ReadRouter db, JobQueue queue, Guard sqsGuard, ObjectMapper json, String instanceId,
                MeterRegistry metrics, boolean ackBeforeSend, boolean dedup) {
        this.dedup = dedup;
        this.sender = ackBeforeSend ? java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "jobs-send-after-ack");
            t.setDaemon(true);
            return t;
        }) : null;
        this.db = db;
        this.queue = queue;
        this.sqsGuard = sqsGuard;
        this.json = json;
        this.instanceId = instanceId;
        this.metrics = metrics;
        this.enqueued = Counter.builder("jobs.enqueued").description("jobs sent to SQS").register(metrics);
    }

    /** Records the job, then sends it; a failed send marks the row enqueue_failed and answers 503. */
    public Job enqueue(JsonNode payload) {
        UUID id = UUID.randomUUID();
        String payloadJson = payload.toString();
        db.write(c -> {
            repo.create(c, id, payloadJson);
            return null;
        });
        // the request id travels with the job, so the worker's log lines can be joined to the request's
        ObjectNode message = json.createObjectNode().put("jobId", id.toString())
                .put("requestId", org.slf4j.MDC.get("requestId"));
        message.set("payload", payload);
        if (sender != null) {
            sender.execute(io.opentelemetry.context.Context.current().wrap(() -> {
                try {
                    send(id, message.toString());
                } catch (RuntimeException e) {
                    LOG.warn("job {} was acknowledged but SQS refused it: {}", id, e.getMessage());
                }
            }));
            return new Job(id.toString(), Job.QUEUED, 0, 0, 0, payloadJson, null, null, null, null);
        }
        send(id, message.toString());
        return new Job(id.toString(), Job.QUEUED, 0, 0, 0, payloadJson, null, null, null, null);
    }

    private void send(UUID id, String message) {
        try {
            sqsGuard.write(() -> queue.send(message));
        } catch (DependencyUnavailableException e) {
            try {
                db.write(c -> {
                    repo.setStatus(c, id, Job.ENQUEUE_FAILED, e.detail());
                    return null;
                });
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        enqueued.increment();
    }

    @Override
    public void close() {
        if (sender != null) {
            sender.shutdownNow();
        }
    }

    public Pooled<Optional<Job>> find(UUID id, boolean consistent) {
        return db.read(consistent, c -> repo.find(c, id));
    }

    /**
     * Processes one message body. DONE and DUPLICATE mean the caller deletes the message; FAILED and
     * UNPARSEABLE leave it to be redelivered and, after maxReceiveCount, moved to the DLQ by redrive.
     */
    public Outcome process(String body) throws InterruptedException {
        UUID id;
        JsonNode payload;
        try {
            JsonNode message = json.readTree(body);
            id = UUID.fromString(message.path("jobId").asText());
            payload = message.path("payload");
            if (message.hasNonNull("requestId")) {
                org.slf4j.MDC.put("requestId", message.get("requestId").asText());
            }
        } catch (Exception e) {
            LOG.warn("job message is not {{\"jobId\":uuid,\"payload\":..}}; leaving it for the DLQ: {}", e.getMessage());
            return count(Outcome.UNPARSEABLE);
        }
        String payloadJson = payload.isMissingNode() ? "null" : payload.toString();
        long workMs = Math.min(MAX_WORK_MS, Math.max(0, payload.path("workMs").asLong(0)));
        db.transaction(c -> {
            repo.countDelivery(c, id, payloadJson);
            return null;
        });
        Outcome outcome = db.transaction(c -> {
            Job job = repo.lock(c, id, payloadJson);
            if (dedup && Job.DONE.equals(job.status())) {
                return Outcome.DUPLICATE;
            }
            if (payload.path("poison").asBoolean(false)) {
                repo.markFailed(c, id, Job.FAILED, "poison payload: this job always fails", instanceId);
                return Outcome.FAILED;
            }
            sleep(workMs);
            ObjectNode result = json.createObjectNode().put("processedBy", instanceId)
                    .put("attempt", job.attempts() + 1);
            result.set("echo", payload);
            repo.markDone(c, id, result.toString(), instanceId);
            return Outcome.DONE;
        });
        LOG.info("job {} {}", id, outcome);
        return count(outcome);
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while working", e);
        }
    }

    private Outcome count(Outcome outcome) {
        Counter.builder("jobs.processed").description("job messages handled, by outcome")
                .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .register(metrics).increment();
        return outcome;
    }

    public void delete(String receiptHandle) {
        sqsGuard.write(() -> {
            queue.delete(receiptHandle);
            return null;
        });
    }
}
