package dev.firedrill.harness.scenario;

import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.fault.FaultPhase;
import dev.firedrill.harness.history.History;
import dev.firedrill.harness.history.HistoryRecorder;
import java.util.concurrent.atomic.AtomicLong;

/** Builds histories on a fake clock (milliseconds), for pure measurement tests. */
final class FakeRun {
    final AtomicLong now = new AtomicLong();
    final HistoryRecorder rec = HistoryRecorder.inMemory(now::get);

    FakeRun at(double ms) {
        now.set(Math.round(ms * 1e6));
        return this;
    }

    /** An operation invoked at {@code from} ms completing at {@code to} ms. */
    FakeRun op(String process, String f, double from, double to, EventType outcome) {
        at(from);
        Event inv = rec.record(Event.invoke(process, f).key("1"));
        at(to);
        rec.record(Event.completing(inv, outcome).version(1L));
        return this;
    }

    FakeRun fault(String id, double requested, double effective, double healed) {
        at(requested);
        rec.record(Event.nemesis("partition", FaultPhase.REQUESTED, "app|db-writer", id));
        at(effective);
        rec.record(Event.nemesis("partition", FaultPhase.EFFECTIVE, "app|db-writer", id));
        at(healed);
        rec.record(Event.nemesis("partition", FaultPhase.HEALED, "app|db-writer", id));
        return this;
    }

    /** A harness pause of {@code pauseMs} that ended at {@code endMs} (as the hiccup meter records it). */
    FakeRun pause(double endMs, double pauseMs) {
        at(endMs);
        rec.record(Event.sample("harness_stall_ms", "harness", pauseMs));
        return this;
    }

    /** CPU pressure readings: {@code pct} over [from, to] ms, with others using {@code foreignPct} of the CPUs. */
    FakeRun pressure(double fromMs, double toMs, double pct, double foreignPct) {
        at(fromMs);
        rec.record(Event.sample("cpu_pressure_pct", "machine", 0.0));
        rec.record(Event.sample("cpu_foreign_pct", "machine", 0.0));
        at(toMs);
        rec.record(Event.sample("cpu_pressure_pct", "machine", pct));
        rec.record(Event.sample("cpu_foreign_pct", "machine", foreignPct));
        return this;
    }

    /** CPU pressure caused by other work. */
    FakeRun pressure(double fromMs, double toMs, double pct) {
        return pressure(fromMs, toMs, pct, 80);
    }

    History history() {
        return rec.history();
    }
}
