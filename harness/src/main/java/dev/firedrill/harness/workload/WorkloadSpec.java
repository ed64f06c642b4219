package dev.firedrill.harness.workload;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the workload does: an open-model load of {@code opsPerSecond} operations spread over logical clients
 * (processes in the history), chosen by weight from {@code mix}, against {@code keys} item keys, optionally
 * changing rate in {@code steps} (a load test's stepped profile). Immutable; every {@code with…} returns a copy.
 *
 * <pre>{@code
 * WorkloadSpec spec = WorkloadSpec.defaults().withRate(200).withMix(Map.of(OpKind.WRITE, 1, OpKind.READ, 1));
 * WorkloadSpec burst = spec.withRate(50).withSteps(List.of(
 *         new RateStep(Duration.ofSeconds(4), 300),      // 4 s after the warm-up: 300 ops/s
 *         new RateStep(Duration.ofSeconds(12), 50)));    // back to 50 ops/s
 * }</pre>
 *
 * <p><b>Step times are in scenario terms</b>: a step's {@code at} counts from the end of the warm-up, like a
 * scenario's fault times, so a load step and a fault at the same {@code at} coincide. The workload itself starts
 * with the warm-up, at the base rate; {@link #schedule(Duration)} gives the schedule on that clock (what
 * {@link Workload#start(WorkloadSpec, java.net.URI, dev.firedrill.harness.history.HistoryRecorder, long, Duration)}
 * runs), {@link #schedule()} the schedule on the steps' own clock.
 *
 * @param clients        logical clients kept ready; when all are busy the schedule is kept by adding clients
 *                       (an open model never waits), which the stats report as {@code processes}
 * @param opsPerSecond   target rate over all clients
 * @param mix            relative weights of the operations (0 = never)
 * @param keys           item keys: writes create new items until this many exist, then update existing ones
 * @param requestTimeout per-request timeout; a timed-out write is indeterminate ({@code info})
 * @param jobWork        how long each enqueued job's work takes in the app (sent as the payload's {@code workMs};
 *                       0 = instant). Work longer than the queue's visibility timeout makes SQS deliver the job
 *                       again while it runs: the classic source of duplicate jobs. The reference app caps
 *                       {@code workMs} at 5000
 * @param slowWork       how long each {@link OpKind#SLOW} request is held by the app ({@code ?ms=}); 1 ms..60 s,
 *                       default 300 ms. Keep it below {@code requestTimeout}, or every slow operation times out
 * @param steps          rate changes, strictly increasing in {@link RateStep#at()} (after the warm-up); empty for
 *                       a constant rate
 */
public record WorkloadSpec(int clients, double opsPerSecond, Map<OpKind, Integer> mix, int keys,
                           Duration requestTimeout, Duration jobWork, Duration slowWork, List<RateStep> steps) {

    /** The default {@link #slowWork()}: a long request, such as a report or an upload. */
    public static final Duration DEFAULT_SLOW_WORK = Duration.ofMillis(300);
    /** The longest {@link #slowWork()}: what the reference app's {@code /debug/sleep} accepts. */
    public static final Duration MAX_SLOW_WORK = Duration.ofSeconds(60);

    /** A workload whose jobs take no time. */
    public WorkloadSpec(int clients, double opsPerSecond, Map<OpKind, Integer> mix, int keys,
                        Duration requestTimeout) {
        this(clients, opsPerSecond, mix, keys, requestTimeout, Duration.ZERO);
    }

    /** A constant-rate workload whose slow operations take {@link #DEFAULT_SLOW_WORK}. */
    public WorkloadSpec(int clients, double opsPerSecond, Map<OpKind, Integer> mix, int keys,
                        Duration requestTimeout, Duration jobWork) {
        this(clients, opsPerSecond, mix, keys, requestTimeout, jobWork, DEFAULT_SLOW_WORK, List.of());
    }

    public WorkloadSpec {
        if (clients < 1 || clients > 10_000) {
            throw new IllegalArgumentException("clients must be 1..10000, was " + clients);
        }
        Objects.requireNonNull(steps, "steps (List.of() for a constant rate)");
        steps = List.copyOf(steps);
        new RateSchedule(opsPerSecond, steps); // validates the rate and the steps' order
        Objects.requireNonNull(mix, "mix");
        EnumMap<OpKind, Integer> m = new EnumMap<>(OpKind.class);
        int total = 0;
        for (Map.Entry<OpKind, Integer> e : mix.entrySet()) {
            int w = Objects.requireNonNull(e.getValue(), "weight of " + e.getKey());
            if (w < 0) {
                throw new IllegalArgumentException("weight of " + e.getKey() + " must be ≥ 0, was " + w);
            }
            m.put(e.getKey(), w);
            total += w;
        }
        if (total == 0) {
            throw new IllegalArgumentException("the mix needs at least one operation with a weight > 0, e.g. "
                    + "Map.of(OpKind.WRITE, 1, OpKind.READ, 1)");
        }
        mix = Collections.unmodifiableMap(m);
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be ≥ 1, was " + keys);
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be > 0, was " + requestTimeout);
        }
        Objects.requireNonNull(jobWork, "jobWork");
        if (jobWork.isNegative()) {
            throw new IllegalArgumentException("jobWork must be ≥ 0, was " + jobWork);
        }
        Objects.requireNonNull(slowWork, "slowWork (e.g. Duration.ofMillis(300))");
        if (slowWork.compareTo(Duration.ofMillis(1)) < 0 || slowWork.compareTo(MAX_SLOW_WORK) > 0) {
            throw new IllegalArgumentException("slowWork must be 1ms..60s (what the app's /debug/sleep accepts), was "
                    + slowWork + "; e.g. Duration.ofMillis(300)");
        }
    }

    /**
     * 8 clients, a constant 100 ops/s, write 4 : read 3 : consistent_read 2 : login 1 : me 1 : enqueue 1, 50 keys,
     * 1 s request timeout, instant jobs, 300 ms slow operations (none in the mix).
     */
    public static WorkloadSpec defaults() {
        Map<OpKind, Integer> mix = new LinkedHashMap<>();
        mix.put(OpKind.WRITE, 4);
        mix.put(OpKind.READ, 3);
        mix.put(OpKind.CONSISTENT_READ, 2);
        mix.put(OpKind.LOGIN, 1);
        mix.put(OpKind.ME, 1);
        mix.put(OpKind.ENQUEUE, 1);
        return new WorkloadSpec(8, 100, mix, 50, Duration.ofSeconds(1));
    }

    public WorkloadSpec withClients(int n) {
        return new WorkloadSpec(n, opsPerSecond, mix, keys, requestTimeout, jobWork, slowWork, steps);
    }

    /** The base rate: until the first step, or throughout when there are none. */
    public WorkloadSpec withRate(double perSecond) {
        return new WorkloadSpec(clients, perSecond, mix, keys, requestTimeout, jobWork, slowWork, steps);
    }

    public WorkloadSpec withMix(Map<OpKind, Integer> weights) {
        return new WorkloadSpec(clients, opsPerSecond, weights, keys, requestTimeout, jobWork, slowWork, steps);
    }

    /** Only these operations, equally weighted. */
    public WorkloadSpec only(OpKind... ops) {
        Map<OpKind, Integer> m = new EnumMap<>(OpKind.class);
        for (OpKind k : ops) {
            m.put(k, 1);
        }
        return withMix(m);
    }

    public WorkloadSpec withKeys(int n) {
        return new WorkloadSpec(clients, opsPerSecond, mix, n, requestTimeout, jobWork, slowWork, steps);
    }

    public WorkloadSpec withRequestTimeout(Duration timeout) {
        return new WorkloadSpec(clients, opsPerSecond, mix, keys, timeout, jobWork, slowWork, steps);
    }

    /** Each enqueued job's work takes {@code work} in the app (payload {@code workMs}). */
    public WorkloadSpec withJobWork(Duration work) {
        return new WorkloadSpec(clients, opsPerSecond, mix, keys, requestTimeout, work, slowWork, steps);
    }

    /** Each {@link OpKind#SLOW} request is held {@code work} by the app (1 ms..60 s). */
    public WorkloadSpec withSlowWork(Duration work) {
        return new WorkloadSpec(clients, opsPerSecond, mix, keys, requestTimeout, jobWork, work, steps);
    }

    /**
     * The rate changes at these times after the warm-up (replacing any earlier steps; {@code List.of()} for a
     * constant rate), strictly increasing in {@link RateStep#at()}.
     */
    public WorkloadSpec withSteps(List<RateStep> rateSteps) {
        return new WorkloadSpec(clients, opsPerSecond, mix, keys, requestTimeout, jobWork, slowWork, rateSteps);
    }

    /** The schedule of intended start times on the steps' clock: its origin is the end of the warm-up. */
    public RateSchedule schedule() {
        return new RateSchedule(opsPerSecond, steps);
    }

    /**
     * The schedule of intended start times on a clock that starts {@code warmup} before the steps' clock (the
     * workload starts with the warm-up, the steps count from its end): the base rate through the warm-up, each
     * step {@code warmup} later than its {@code at}.
     */
    public RateSchedule schedule(Duration warmup) {
        return schedule().shifted(warmup);
    }
}
