package dev.firedrill.harness.sampler;

import dev.firedrill.harness.backend.embedded.EmbeddedDeployment;
import dev.firedrill.harness.history.HistoryRecorder;
import dev.firedrill.harness.sampler.internal.QueueProbe;
import dev.firedrill.harness.sampler.internal.ReplicationProbe;
import dev.firedrill.harness.sampler.internal.TargetHealthProbe;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records {@code sample} events into the run's history at a fixed interval (at most {@value #MAX_INTERVAL_MS} ms):
 * {@code replica_lag_seconds} (per replica), {@code replica_lag_bytes} (per standby, from the primary),
 * {@code target_health} (per ALB target) and {@code queue_depth} (per queue, DLQ included). Each kind runs on its
 * own thread, so a hung database connection cannot delay the health or queue readings.
 *
 * <pre>{@code
 * try (Sampler s = Sampler.start(deployment, recorder, Duration.ofMillis(250))) { ... }
 * }</pre>
 */
public final class Sampler implements AutoCloseable {
    /** Upper bound of the sampling interval. */
    public static final long MAX_INTERVAL_MS = 250;

    private final ScheduledExecutorService executor;
    private final ReplicationProbe replication;
    private final QueueProbe queues;

    private Sampler(ScheduledExecutorService executor, ReplicationProbe replication, QueueProbe queues) {
        this.executor = executor;
        this.replication = replication;
        this.queues = queues;
    }

    /** Starts sampling now. */
    public static Sampler start(EmbeddedDeployment deployment, HistoryRecorder recorder, Duration interval) {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(recorder, "recorder");
        long ms = interval.toMillis();
        if (ms < 10 || ms > MAX_INTERVAL_MS) {
            throw new IllegalArgumentException("sampling interval must be 10.." + MAX_INTERVAL_MS + " ms, was " + ms
                    + " ms");
        }
        AtomicInteger n = new AtomicInteger();
        ScheduledExecutorService ex = Executors.newScheduledThreadPool(3, r -> {
            Thread t = new Thread(r, "firedrill-sampler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ReplicationProbe repl = new ReplicationProbe(deployment, recorder);
        QueueProbe q = new QueueProbe(deployment, recorder);
        Sampler s = new Sampler(ex, repl, q);
        ex.scheduleAtFixedRate(quiet(repl), 0, ms, TimeUnit.MILLISECONDS);
        ex.scheduleAtFixedRate(quiet(new TargetHealthProbe(deployment, recorder)), 0, ms, TimeUnit.MILLISECONDS);
        ex.scheduleAtFixedRate(quiet(q), 0, ms, TimeUnit.MILLISECONDS);
        return s;
    }

    /** A periodic task that throws is never run again; a probe must keep going. */
    private static Runnable quiet(Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                // the recorder was closed or a probe hit an unexpected state: skip this tick
            }
        };
    }

    /** Stops sampling and closes the probes' connections. Idempotent. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        replication.close();
        queues.close();
    }
}
