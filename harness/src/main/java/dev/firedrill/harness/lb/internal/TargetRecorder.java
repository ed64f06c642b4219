package dev.firedrill.harness.lb.internal;

import dev.firedrill.harness.lb.TargetStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * One target id's cumulative counters behind {@link TargetStats}: adders and an atomic array, so recording is a few
 * increments, without locks or allocation. Kept per id, across re-registrations, so a later snapshot never shows
 * less than an earlier one.
 */
final class TargetRecorder {
    private final LongAdder requests = new LongAdder();
    /** 2xx, 3xx, 4xx, 5xx. */
    private final LongAdder[] classes = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
    private final AtomicLongArray latency = new AtomicLongArray(LatencyBuckets.COUNT);

    void forwarded() {
        requests.increment();
    }

    /** One finished exchange: the status it counts as and how long the target took. */
    void responded(int status, long nanos) {
        int c = status / 100 - 2;
        if (c >= 0 && c < classes.length) {
            classes[c].increment();
        }
        latency.incrementAndGet(LatencyBuckets.indexOf(nanos));
    }

    TargetStats snapshot() {
        // responses before requests: a response is recorded after its request, so requests >= responses
        List<Long> buckets = new ArrayList<>(LatencyBuckets.COUNT);
        for (int i = 0; i < LatencyBuckets.COUNT; i++) {
            buckets.add(latency.get(i));
        }
        long s2 = classes[0].sum();
        long s3 = classes[1].sum();
        long s4 = classes[2].sum();
        long s5 = classes[3].sum();
        return new TargetStats(requests.sum(), s2, s3, s4, s5, buckets);
    }
}
