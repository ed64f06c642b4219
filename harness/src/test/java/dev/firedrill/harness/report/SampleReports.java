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
import dev.firedrill.harness.net.FlowRecord;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.harness.trace.Span;
import dev.firedrill.harness.workload.internal.TraceParent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Test helpers: {@link #failover()}, a 20 s run with a primary kill from 8 s to 11 s, replica lag samples and SLOs;
 * {@link #partition()}, a 16 s run on the default topology with evidence (spans, flow records).
 */
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

    /** Wall-clock epoch nanos of history time 0 in {@link #partition()}. */
    static final long ZERO = 1_700_000_000_000_000_000L;

    /**
     * 16 s on the default topology at timeScale 0.05: f1 partitions the app instances from the writer (mode
     * reject) from 4 s to 12 s, f2 kills app-3 from 13 s to 15 s. Every operation carries a trace id; writes in f1
     * fail with 503 and keep a trace (alb → app → the JDBC INSERT, which errors) and the flow log has the writer's
     * REJECTs at those moments; reads go to the reader and succeed; the slowest reads keep no trace (sampled out).
     * app-3's target health is unhealthy from 13.2 s, then initial and healthy again from 15.5 s.
     */
    static RunReport partition() {
        long[] now = {0};
        List<Span> spans = new ArrayList<>();
        List<FlowRecord> flows = new ArrayList<>();
        History h;
        try (HistoryRecorder rec = HistoryRecorder.inMemory(() -> now[0])) {
            for (String i : List.of("app-1", "app-2", "app-3")) {
                rec.record(Event.sample("target_health", i, "healthy"));
            }
            for (int n = 0; n < 1_600; n++) {
                now[0] = n * 10_000_000L;
                if (n == 400) {
                    rec.record(Event.nemesis("partition", FaultPhase.REQUESTED,
                            "app-1->db-writer,app-2->db-writer,app-3->db-writer", "f1"));
                    rec.record(Event.nemesis("partition", FaultPhase.EFFECTIVE,
                            "app-1->db-writer,app-2->db-writer,app-3->db-writer", "f1"));
                }
                if (n == 1_200) {
                    rec.record(Event.nemesis("partition", FaultPhase.HEALED,
                            "app-1->db-writer,app-2->db-writer,app-3->db-writer", "f1"));
                }
                if (n == 1_300) {
                    rec.record(Event.nemesis("kill", FaultPhase.REQUESTED, "app-3", "f2"));
                    rec.record(Event.nemesis("kill", FaultPhase.EFFECTIVE, "app-3", "f2"));
                }
                if (n == 1_320) {
                    rec.record(Event.sample("target_health", "app-3", "unhealthy"));
                }
                if (n == 1_500) {
                    rec.record(Event.nemesis("kill", FaultPhase.HEALED, "app-3", "f2"));
                    rec.record(Event.sample("target_health", "app-3", "initial"));
                }
                if (n == 1_550) {
                    rec.record(Event.sample("target_health", "app-3", "healthy"));
                }
                boolean killed = n >= 1_300 && n < 1_550;
                String inst = "app-" + (killed ? 1 + n % 2 : 1 + n % 3);
                boolean write = n % 2 == 0;
                boolean cut = write && n >= 400 && n < 1_200;
                TraceParent tp = TraceParent.of(42, n);
                Event inv = rec.record(Event.invoke("c" + (n % 8), write ? "write" : "read").key("k" + (n % 50))
                        .trace(tp.traceId()));
                long start = now[0];
                long took = cut ? 3_000_000L : write ? 4_000_000L : 2_000_000L + (n % 97 == 0 ? 40_000_000L : 0);
                now[0] += took;
                rec.record(Event.completing(inv, cut ? EventType.FAIL : EventType.OK).status(cut ? 503 : 200)
                        .instance(inst).pool(write ? "primary" : "replica")
                        .error(cut ? "db_unavailable: writer unreachable" : null));
                if (cut && n % 10 == 0) {
                    traceOfCutWrite(spans, flows, tp, inst, start, took, n);
                }
                if (n % 25 == 1) {
                    flows.add(new FlowRecord(inst + "_db-reader", inst + "->db-reader", ip(inst), 40_000 + n % 20_000,
                            "10.0.11.20", 5432, 12, 2_400, ZERO + start, ZERO + start + took, "ACCEPT", "closed by client"));
                }
            }
            h = rec.history();
        }
        Topology t = Topology.defaults().toBuilder().timeScale(0.05).build();
        List<CheckResult> checks = Checker.runAll(StandardCheckers.all(), CheckInput.of(h));
        return new RunReport("partition <demo>", Map.of("backend", "embedded", "instances", 3), 42, 0.05, h, checks,
                List.of(new SloVerdict("write fails fast", "p80 of failed writes ≤ 100 ms", "3.0 ms", true, "")),
                Map.of(), null, new Evidence(t, ZERO, spans, flows));
    }

    /** alb → app → INSERT (error: the writer refused the connection), and the flow log's REJECT of it. */
    private static void traceOfCutWrite(List<Span> spans, List<FlowRecord> flows, TraceParent tp, String inst,
                                        long start, long took, int n) {
        String alb = String.format("%016x", 0xa1b0000L + n);
        String app = String.format("%016x", 0xa2b0000L + n);
        String jdbc = String.format("%016x", 0xa3b0000L + n);
        long s = ZERO + start;
        spans.add(new Span(tp.traceId(), alb, tp.parentId(), "POST /items", Span.Kind.SERVER, "alb", "alb", s,
                s + took, true, "target answered 503", Map.of("http.response.status_code", "503"), null));
        spans.add(new Span(tp.traceId(), app, alb, "POST /items", Span.Kind.SERVER, "app-under-test", inst,
                s + 200_000, s + took - 200_000, true, "503 db_unavailable", Map.of(), null));
        spans.add(new Span(tp.traceId(), jdbc, app, "INSERT items", Span.Kind.CLIENT, "app-under-test", inst,
                s + 400_000, s + took - 500_000, true, "Connection refused: db-writer:5432",
                Map.of("db.system", "postgresql", "peer.service", "db-writer"), null));
        long at = s + 450_000;
        flows.add(new FlowRecord(inst + "_db-writer", inst + "->db-writer", ip(inst), 50_000 + n, "10.0.10.20", 5432,
                1, 60, at, at, "REJECT", "fault f1 partition app-1->db-writer,app-2->db-writer,app-3->db-writer: "
                + "rejected"));
    }

    private static String ip(String inst) {
        return "10.0." + (inst.equals("app-2") ? 11 : 10) + "." + (10 + inst.charAt(inst.length() - 1) - '0');
    }
}
