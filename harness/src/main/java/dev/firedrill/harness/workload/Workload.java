package dev.firedrill.harness.workload;

import dev.firedrill.harness.history.HistoryRecorder;
import dev.firedrill.harness.workload.internal.Driver;
import dev.firedrill.harness.workload.internal.Prewarm;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A running open-model workload against the app behind the load balancer. Every operation is recorded in the
 * history as an {@code invoke} at its intended start time (from a fixed schedule, so latency includes any time
 * the system made the load wait: no coordinated omission) and one completion: {@code ok}; {@code fail} when it
 * surely did not happen (4xx, 503 naming an open breaker or no connection, connection refused); {@code info}
 * when a state-changing operation may have happened (timeout, reset, other 5xx). Completions carry key, value,
 * version, {@code X-Instance-Id}, {@code X-Db-Pool}, HTTP status and error.
 *
 * <pre>{@code
 * try (Workload w = Workload.start(WorkloadSpec.defaults(), URI.create(endpoints.loadBalancer()), recorder, 42)) {
 *     Thread.sleep(5000);
 * }   // stops the schedule and waits for answers
 * }</pre>
 */
public final class Workload implements AutoCloseable {
    private final WorkloadSpec spec;
    private final Driver driver;
    private final Thread thread;
    private boolean stopped;

    private Workload(WorkloadSpec spec, Driver driver, Thread thread) {
        this.spec = spec;
        this.driver = driver;
        this.thread = thread;
    }

    /**
     * Starts the schedule now, with no warm-up: the spec's {@linkplain WorkloadSpec#steps() steps} count from now.
     * All random choices come from {@code seed}.
     */
    public static Workload start(WorkloadSpec spec, URI baseUrl, HistoryRecorder recorder, long seed) {
        return start(spec, baseUrl, recorder, seed, Duration.ZERO);
    }

    /**
     * Starts the schedule now, at the base rate, with a warm-up that ends {@code warmup} from now: the spec's
     * {@linkplain WorkloadSpec#steps() steps} count from then, on the clock of a scenario's fault times (a step
     * {@code at: 4s} takes effect {@code warmup} + 4 s from now). All random choices come from {@code seed}.
     */
    public static Workload start(WorkloadSpec spec, URI baseUrl, HistoryRecorder recorder, long seed,
                                 Duration warmup) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(recorder, "recorder");
        Objects.requireNonNull(warmup, "warmup (Duration.ZERO for none)");
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warmup must be ≥ 0, was " + warmup);
        }
        Driver d = new Driver(spec, baseUrl, recorder, seed, System.nanoTime() + warmup.toNanos());
        Thread t = new Thread(d, "firedrill-workload");
        t.setDaemon(true);
        t.start();
        return new Workload(spec, d, t);
    }

    /**
     * Sends each operation class of {@code spec}'s mix through the load balancer until each of {@code instances}
     * instances answered it, before anything is measured (nothing is recorded): the first measured operations
     * then do not pay for cold code paths, connection pools and SDK clients.
     */
    public static Prewarm.Result prewarm(WorkloadSpec spec, URI baseUrl, int instances, Duration patience)
            throws InterruptedException {
        java.util.Set<OpKind> kinds = java.util.EnumSet.noneOf(OpKind.class);
        spec.mix().forEach((k, w) -> {
            if (w > 0) {
                kinds.add(k);
            }
        });
        return new Prewarm(baseUrl, spec.requestTimeout()).run(kinds, instances, patience);
    }

    public WorkloadSpec spec() {
        return spec;
    }

    /** Counters so far (for progress lines). */
    public WorkloadStats stats() {
        return driver.stats();
    }

    /** Ids of every item a write may have reached (acknowledged or indeterminate with a known key). */
    public List<String> itemKeys() {
        return driver.itemIds().stream().map(String::valueOf).toList();
    }

    /** Writes acknowledged (answered ok) so far. */
    public long acknowledgedWrites() {
        return driver.acknowledgedWrites();
    }

    /** Ids of every acknowledged job. */
    public List<String> jobIds() {
        return driver.jobIds();
    }

    /**
     * Stops starting operations and waits until every operation in flight completed (each has the request
     * timeout, so this is bounded by it plus a margin); an answer that arrives after that is recorded as
     * indeterminate ({@code info}): the final state may be read from then on. Idempotent.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        driver.stop();
        try {
            thread.join(5_000);
            long deadline = System.nanoTime() + spec.requestTimeout().plus(Duration.ofSeconds(3)).toNanos();
            while (driver.stats().inFlight() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            driver.close();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
