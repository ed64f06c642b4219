package dev.firedrill.harness.report;

import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.check.Checker;
import dev.firedrill.harness.check.CheckInput;
import dev.firedrill.harness.check.StandardCheckers;
import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.fault.FaultPhase;
import dev.firedrill.harness.history.History;
import dev.firedrill.harness.history.HistoryRecorder;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Test helper: a 20 s run with a primary kill from 8 s to 11 s, replica lag samples and SLOs. */
final class SampleReports {
    private SampleReports() {
    }

    static RunReport failover() {
        long[] now = {0};
        SplittableRandom rnd = new SplittableRandom(3);
        History h;
        try (HistoryRecorder rec = HistoryRecorder.inMemory(() -> now[0])) {
            for (int i = 0; i < 4_000; i++) {
                now[0] = i * 5_000_000L;
                if (i == 1_600) {
                    rec.record(Event.nemesis("kill", FaultPhase.REQUESTED, "db-primary", "f1"));
                    rec.record(Event.nemesis("kill", FaultPhase.EFFECTIVE, "db-primary", "f1"));
                }
                if (i == 2_200) {
                    rec.record(Event.nemesis("kill", FaultPhase.HEALED, "db-primary", "f1"));
                }
                if (i % 50 == 0) {
                    double lag = i >= 1_600 && i < 2_300 ? (i - 1_600) * 0.01 : rnd.nextDouble() * 0.05;
                    rec.record(Event.sample("replica_lag_seconds", "db-replica", lag));
                    rec.record(Event.sample("harness_pause_ms", "harness", i == 3_000 ? 420.0 : 2 + rnd.nextDouble()));
                    rec.record(Event.sample("cpu_pressure_pct", "machine", i >= 3_000 && i < 3_200 ? 90.0 : 20.0));
                    rec.record(Event.sample("cpu_foreign_pct", "machine", i >= 3_000 && i < 3_200 ? 60.0 : 1.0));
                    rec.record(Event.sample("load_1m", "machine", 1.5));
                }
                if (i == 3_000) {
                    rec.record(Event.sample("harness_stall_ms", "harness", 420.0));
                }
                boolean down = i >= 1_620 && i < 2_150;
                String f = i % 3 == 0 ? "write" : "read";
                Event inv = rec.record(Event.invoke("c" + (i % 8), f).key("k" + (i % 50)));
                now[0] += 1_000_000L + rnd.nextLong(4_000_000L);
                rec.record(Event.completing(inv, down ? EventType.FAIL : EventType.OK)
                        .status(down ? 503 : 200).pool(f.equals("read") ? "replica" : "primary"));
            }
            h = rec.history();
        }
        List<CheckResult> checks = Checker.runAll(StandardCheckers.all(), CheckInput.of(h));
        return new RunReport("db-failover <demo>", Map.of("alb", "2 targets", "db", "primary + replica"), 42, 0.05,
                h, checks, List.of(new SloVerdict("write outage", "≤ 35000 ms AWS-equivalent", "2650 ms", true, ""),
                new SloVerdict("availability after heal", "≥ 99.9 %", "100 %", true, ""),
                SloVerdict.inconclusive("read p99 latency", "< 50 ms", "61.0 ms", "p99 is 61.0 ms, 12.0 ms without "
                        + "the operations measured while the harness could not keep time (the harness paused 420 ms "
                        + "at 15.0 s)")));
    }

    static RunReport withLinks(RunReport r, Map<String, String> links) {
        return new RunReport(r.scenario(), r.topology(), r.seed(), r.timeScale(), r.history(), r.checks(), r.slos(),
                links);
    }
}
