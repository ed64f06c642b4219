package dev.firedrill.app.internal.jobs;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * One background thread that long-polls the jobs queue and processes messages one by one. Stopping lets the
 * message in hand finish (bounded by the grace period); a long poll in progress is abandoned, which is safe:
 * an unacknowledged message simply becomes visible again.
 */
public final class JobWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobWorker.class);

    private final Jobs jobs;
    private final JobQueue queue;
    private final dev.firedrill.app.internal.resilience.Guard sqsGuard;
    private final String instanceId;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean busy;
    private final dev.firedrill.app.internal.trace.Tracing tracing;

    public JobWorker(Jobs jobs, JobQueue queue, dev.firedrill.app.internal.resilience.Guard sqsGuard,
                     String instanceId) {
        this(jobs, queue, sqsGuard, instanceId, dev.firedrill.app.internal.trace.Tracing.off());
    }

    /** With tracing on, each message is processed inside a CONSUMER span continuing (and linked to) its producer's. */
    public JobWorker(Jobs jobs, JobQueue queue, dev.firedrill.app.internal.resilience.Guard sqsGuard,
                     String instanceId, dev.firedrill.app.internal.trace.Tracing tracing) {
        this.tracing = tracing;
        this.jobs = jobs;
        this.queue = queue;
        this.sqsGuard = sqsGuard;
        this.instanceId = instanceId;
        this.thread = new Thread(this::loop, "jobs-worker");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        MDC.put("instance", instanceId);
        int failures = 0;
        while (running) {
            try {
                List<Message> messages = sqsGuard.write(queue::receive);
                failures = 0;
                for (Message m : messages) {
                    if (!running) {
                        break;
                    }
                    handle(m);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                failures++;
                long backoff = Math.min(5000, 100L << Math.min(failures, 6));
                LOG.warn("jobs poll failed ({} in a row), backing off ~{} ms: {}", failures, backoff, e.getMessage());
                if (!pause(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1))) {
                    break;
                }
            }
        }
        LOG.info("jobs worker stopped");
    }

    private void handle(Message m) {
        busy = true;
        MDC.put("messageId", m.messageId());
        java.util.Map<String, String> carried = new java.util.HashMap<>();
        m.messageAttributes().forEach((k, v) -> {
            if (v.stringValue() != null) {
                carried.put(k, v.stringValue());
            }
        });
        dev.firedrill.app.internal.trace.Tracing.Job span = tracing.process(queue.queueName(), m.messageId(),
                m.body().length(), carried);
        String outcomeName = "error";
        boolean failed = true;
        Throwable error = null;
        try {
            Jobs.Outcome outcome = jobs.process(m.body());
            outcomeName = outcome.name().toLowerCase(java.util.Locale.ROOT);
            failed = outcome == Jobs.Outcome.FAILED || outcome == Jobs.Outcome.UNPARSEABLE;
            if (outcome == Jobs.Outcome.DONE || outcome == Jobs.Outcome.DUPLICATE) {
                jobs.delete(m.receiptHandle());
            }
        } catch (InterruptedException e) {
            error = e;
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            error = e;
            LOG.warn("job message {} not processed, it will be redelivered: {}", m.messageId(), e.getMessage());
        } finally {
            span.end(outcomeName, failed, error);
            MDC.remove("messageId");
            MDC.remove("requestId");
            busy = false;
        }
    }

    private boolean pause(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Stops polling and waits up to {@code graceMs} for the message in hand. */
    public void stop(long graceMs) {
        running = false;
        long deadline = System.nanoTime() + graceMs * 1_000_000L;
        while (busy && System.nanoTime() < deadline) {
            pause(10);
        }
        thread.interrupt();
    }

    @Override
    public void close() {
        stop(0);
    }
}
