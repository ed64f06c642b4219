package dev.firedrill.harness.workload;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the workload does: an open-model load of {@code opsPerSecond} operations spread over logical clients
 * (processes in the history), chosen by weight from {@code mix}, against {@code keys} item keys.
 * Immutable; every {@code with…} returns a copy.
 *
 * <pre>{@code
 * WorkloadSpec spec = WorkloadSpec.defaults().withRate(200).withMix(Map.of(OpKind.WRITE, 1, OpKind.READ, 1));
 * }</pre>
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
 */
public record WorkloadSpec(int clients, double opsPerSecond, Map<OpKind, Integer> mix, int keys,
                           Duration requestTimeout, Duration jobWork) {

    /** A workload whose jobs take no time. */
    public WorkloadSpec(int clients, double opsPerSecond, Map<OpKind, Integer> mix, int keys,
                        Duration requestTimeout) {
        this(clients, opsPerSecond, mix, keys, requestTimeout, Duration.ZERO);
    }

    public WorkloadSpec {
        if (clients < 1 || clients > 10_000) {
            throw new IllegalArgumentException("clients must be 1..10000, was " + clients);
        }
        new RateSchedule(opsPerSecond);
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
    }

    /** 8 clients, 100 ops/s, write 4 : read 3 : consistent_read 2 : login 1 : me 1 : enqueue 1, 50 keys, 1 s. */
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
        return new WorkloadSpec(n, opsPerSecond, mix, keys, requestTimeout, jobWork);
    }

    public WorkloadSpec withRate(double perSecond) {
        return new WorkloadSpec(clients, perSecond, mix, keys, requestTimeout, jobWork);
    }

    public WorkloadSpec withMix(Map<OpKind, Integer> weights) {
        return new WorkloadSpec(clients, opsPerSecond, weights, keys, requestTimeout, jobWork);
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
        return new WorkloadSpec(clients, opsPerSecond, mix, n, requestTimeout, jobWork);
    }

    public WorkloadSpec withRequestTimeout(Duration timeout) {
        return new WorkloadSpec(clients, opsPerSecond, mix, keys, timeout, jobWork);
    }

    /** Each enqueued job's work takes {@code work} in the app (payload {@code workMs}). */
    public WorkloadSpec withJobWork(Duration work) {
        return new WorkloadSpec(clients, opsPerSecond, mix, keys, requestTimeout, work);
    }

    /** The schedule of intended start times. */
    public RateSchedule schedule() {
        return new RateSchedule(opsPerSecond);
    }
}
