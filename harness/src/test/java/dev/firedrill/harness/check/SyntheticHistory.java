package dev.firedrill.harness.check;

import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.fault.FaultPhase;
import dev.firedrill.harness.history.History;
import dev.firedrill.harness.history.HistoryRecorder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Test helper: hand-written histories with explicit times, recorded in time order through a fake clock. */
final class SyntheticHistory {
    private record Timed(long nanos, long seq, Event.Builder draft) {
    }

    private final List<Timed> events = new ArrayList<>();
    private long seq;

    static long ms(double millis) {
        return Math.round(millis * 1_000_000);
    }

    /** One operation: invoke at startMs, completion (ok/fail/info) after durMs; version/pool/status may be null. */
    SyntheticHistory op(String process, String f, String key, Long version, double startMs, double durMs,
                        EventType outcome, String pool, Integer status) {
        add(ms(startMs), Event.invoke(process, f).key(key));
        add(ms(startMs + durMs), Event.completion(outcome, process, f).key(key).version(version).pool(pool)
                .status(status));
        return this;
    }

    SyntheticHistory ok(String process, String f, String key, Long version, double startMs, double durMs) {
        return op(process, f, key, version, startMs, durMs, EventType.OK, "primary", 200);
    }

    /** A fault requested at fromMs and healed at toMs. */
    SyntheticHistory fault(String id, String kind, String target, double fromMs, double toMs) {
        add(ms(fromMs), Event.nemesis(kind, FaultPhase.REQUESTED, target, id));
        add(ms(fromMs) + 1, Event.nemesis(kind, FaultPhase.EFFECTIVE, target, id));
        add(ms(toMs), Event.nemesis(kind, FaultPhase.HEALED, target, id));
        return this;
    }

    SyntheticHistory sample(String metric, String target, double atMs, double value) {
        add(ms(atMs), Event.sample(metric, target, value));
        return this;
    }

    private void add(long nanos, Event.Builder b) {
        events.add(new Timed(nanos, seq++, b));
    }

    History build() {
        events.sort(Comparator.comparingLong(Timed::nanos).thenComparingLong(Timed::seq));
        long[] now = {0};
        try (HistoryRecorder rec = HistoryRecorder.inMemory(() -> now[0])) {
            for (Timed t : events) {
                now[0] = t.nanos();
                rec.record(t.draft());
            }
            return rec.history();
        }
    }
}
