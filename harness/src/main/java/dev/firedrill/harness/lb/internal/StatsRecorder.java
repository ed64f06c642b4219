package dev.firedrill.harness.lb.internal;

import dev.firedrill.harness.lb.AlbStats;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Lock-free counters behind {@link AlbStats}. */
final class StatsRecorder {
    private final Map<String, LongAdder> byTarget = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byError = new ConcurrentHashMap<>();

    void forwarded(String targetId) {
        byTarget.computeIfAbsent(targetId, k -> new LongAdder()).increment();
    }

    void responded(int status) {
        byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
    }

    void generated(String reason, int status) {
        byError.computeIfAbsent(reason, k -> new LongAdder()).increment();
        responded(status);
    }

    AlbStats snapshot() {
        return new AlbStats(sum(byTarget), sum(byStatus), sum(byError));
    }

    private static <K> Map<K, Long> sum(Map<K, LongAdder> m) {
        Map<K, Long> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
