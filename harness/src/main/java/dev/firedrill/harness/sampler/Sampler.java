package dev.firedrill.harness.sampler;

import dev.firedrill.harness.backend.Deployment;
import dev.firedrill.harness.backend.Probe;
import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.HistoryRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records {@code sample} events into the run's history at a fixed interval (at most {@value #MAX_INTERVAL_MS} ms)
 * from the deployment's {@link Deployment#probes() probes}, whatever the backend: {@code replica_lag_seconds}
 * (per replica), {@code replica_lag_bytes} (per standby), {@code target_health} (per load-balancer target) and
 * {@code queue_depth} (per queue, DLQ included). Each probe runs on its own thread, so a hung database connection
 * cannot delay the health or queue readings.
 *
 * <pre>{@code
 * try (Sampler s = Sampler.start(deployment, recorder, Duration.ofMillis(250))) { ... }
 * }</pre>
 */
public final class Sampler implements AutoCloseable {
    /** Upper bound of the sampling interval. */
    public static final long MAX_INTERVAL_MS = 250;

    private final ScheduledExecutorService executor;
    private final List<Probe> probes;

    private Sampler(ScheduledExecutorService executor, List<Probe> probes) {
        this.executor = executor;
        this.probes = probes;
    }

    /** Starts sampling now. */
    public static Sampler start(Deployment deployment, HistoryRecorder recorder, Duration interval) {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(recorder, "recorder");
        long ms = interval.toMillis();
        if (ms < 10 || ms > MAX_INTERVAL_MS) {
            throw new IllegalArgumentException("sampling interval must be 10.." + MAX_INTERVAL_MS + " ms, was " + ms
                    + " ms");
        }
        List<Probe> probes = List.copyOf(deployment.probes());
        AtomicInteger n = new AtomicInteger();
        ScheduledExecutorService ex = Executors.newScheduledThreadPool(Math.max(1, probes.size()), r -> {
            Thread t = new Thread(r, "firedrill-sampler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Probe.Readings out = new Probe.Readings() {
            @Override
            public void value(String metric, String target, double value) {
                recorder.record(Event.sample(metric, target, value));
            }

            @Override
            public void state(String metric, String target, String state) {
                recorder.record(Event.sample(metric, target, state));
            }
        };
        for (Probe p : probes) {
            ex.scheduleAtFixedRate(quiet(p, out), 0, ms, TimeUnit.MILLISECONDS);
        }
        return new Sampler(ex, probes);
    }

    /** A periodic task that throws is never run again; a probe must keep going. */
    private static Runnable quiet(Probe p, Probe.Readings out) {
        return () -> {
            try {
                p.sample(out);
            } catch (RuntimeException e) {
                // the recorder was closed or a probe hit an unexpected state: skip this tick
            }
        };
    }

    /** Stops sampling and closes the probes. Idempotent. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Probe p : probes) {
            try {
                p.close();
            } catch (RuntimeException e) {
                // closing anyway
            }
        }
    }
}
