package dev.firedrill.harness.lb.internal;

import dev.firedrill.harness.lb.AlbStats;
import dev.firedrill.harness.lb.TargetStats;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Lock-free counters behind {@link AlbStats}; per-target ones live in each target's {@link TargetRecorder}. */
final class StatsRecorder {
    private final Map<String, TargetRecorder> byTarget = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byError = new ConcurrentHashMap<>();

    /** The recorder of {@code targetId}, shared by all its registrations; looked up once per registration. */
    TargetRecorder target(String targetId) {
        return byTarget.computeIfAbsent(targetId, k -> new TargetRecorder());
    }

    void responded(int status) {
        byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
    }

    void generated(String reason, int status) {
        byError.computeIfAbsent(reason, k -> new LongAdder()).increment();
        responded(status);
    }

    AlbStats snapshot() {
        Map<String, TargetStats> targets = new HashMap<>();
        Map<String, Long> requests = new HashMap<>();
        byTarget.forEach((id, r) -> {
            TargetStats s = r.snapshot();
            targets.put(id, s);
            if (s.requests() > 0) {
                requests.put(id, s.requests()); // as before: only targets that were sent something
            }
        });
        return new AlbStats(requests, sum(byStatus), sum(byError), targets);
    }

    private static <K> Map<K, Long> sum(Map<K, LongAdder> m) {
        Map<K, Long> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
