package dev.firedrill.harness.report.internal;

import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.check.Verdict;
import dev.firedrill.harness.history.FaultWindow;
import dev.firedrill.harness.history.Stalls;
import dev.firedrill.harness.report.RunReport;
import dev.firedrill.harness.report.SloVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the result.json tree (see result.schema.json and docs/report.md). */
public final class ResultJson {
    public static final int SCHEMA_VERSION = 1;

    private ResultJson() {
    }

    public static Map<String, Object> of(RunReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", SCHEMA_VERSION);
        m.put("scenario", r.scenario());
        m.put("verdict", overall(r));
        if (r.interruption() != null) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("phase", r.interruption().phase());
            i.put("afterMs", r.interruption().after().toMillis());
            i.put("reason", r.interruption().reason());
            m.put("interrupted", i);
        }
        m.put("seed", r.seed());
        m.put("timeScale", r.timeScale());
        m.put("durationMs", ms(r.history().endNanos()));
        m.put("awsEquivalentDurationMs", ms(r.history().endNanos() / r.timeScale()));
        m.put("topology", r.topology());
        m.put("faults", faults(r));
        List<Object> fleet = fleet(r);
        if (!fleet.isEmpty()) {
            m.put("fleet", fleet);
        }
        List<Object> checks = new ArrayList<>();
        for (CheckResult c : r.checks()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", c.name());
            e.put("verdict", c.verdict().wire());
            e.put("figures", c.figures());
            e.put("examples", c.examples());
            e.put("error", c.error());
            checks.add(e);
        }
        m.put("checks", checks);
        List<Object> slos = new ArrayList<>();
        for (SloVerdict s : r.slos()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", s.name());
            e.put("expected", s.expected());
            e.put("measured", s.measured());
            e.put("passed", r.interruption() == null ? s.passed() : null); // null: not judged
            e.put("outcome", r.interruption() == null ? s.outcome().wire() : "not-judged");
            e.put("message", s.message());
            if (s.isInconclusive()) {
                e.put("inconclusive", s.inconclusive());
            }
            slos.add(e);
        }
        m.put("slos", slos);
        m.put("outcome", outcome(r));
        m.put("harnessHealth", health(r));
        if (!r.links().isEmpty()) {
            m.put("links", r.links());
        }
        m.put("evidence", EvidenceJson.of(r));
        return m;
    }

    /** Worst check verdict; a failed SLO makes the run invalid, an inconclusive one at least unknown. */
    public static String overall(RunReport r) {
        if (r.interruption() != null) {
            return "unknown";
        }
        Verdict v = CheckResult.worst(r.checks());
        if (r.slos().stream().anyMatch(SloVerdict::failed)) {
            return Verdict.INVALID.wire();
        }
        return (r.slos().stream().anyMatch(SloVerdict::isInconclusive) ? v.and(Verdict.UNKNOWN) : v).wire();
    }

    /** failed when an SLO failed, inconclusive when none failed but one could not be judged, else passed. */
    public static String outcome(RunReport r) {
        if (r.interruption() != null) {
            return "interrupted";
        }
        if (r.slos().stream().anyMatch(SloVerdict::failed)) {
            return SloVerdict.Outcome.FAILED.wire();
        }
        return (r.slos().stream().anyMatch(SloVerdict::isInconclusive) ? SloVerdict.Outcome.INCONCLUSIVE
                : SloVerdict.Outcome.PASSED).wire();
    }

    /** The windows in which the harness could not keep time, and its pauses in figures. */
    static Map<String, Object> health(RunReport r) {
        Stalls stalls = Stalls.of(r.history());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("boundMs", stalls.bound().toMillis());
        m.put("contentionPercent", Stalls.CONTENTION_PCT);
        m.put("stalledMs", ms(stalls.coveredNanos(0, r.history().endNanos())));
        double maxPause = r.history().samples("harness_pause_ms").stream().mapToDouble(e -> e.number())
                .filter(d -> !Double.isNaN(d)).max().orElse(0);
        double maxLag = r.history().samples("schedule_lag_ms").stream().mapToDouble(e -> e.number())
                .filter(d -> !Double.isNaN(d)).max().orElse(0);
        m.put("maxPauseMs", Math.round(maxPause * 10) / 10.0);
        m.put("maxScheduleLagMs", Math.round(maxLag * 10) / 10.0);
        List<Object> list = new ArrayList<>();
        for (Stalls.Stall s : stalls.all()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("cause", s.cause());
            e.put("fromMs", ms(s.fromNanos()));
            e.put("toMs", ms(s.toNanos()));
            e.put("figure", Math.round(s.figure() * 10) / 10.0);
            e.put("description", s.describe());
            list.add(e);
        }
        m.put("stalls", list);
        return m;
    }

    /** The fleet's events with rehearsed and AWS-equivalent times. */
    static List<Object> fleet(RunReport r) {
        List<Object> out = new ArrayList<>();
        for (dev.firedrill.harness.history.Event e : r.history().fleetEvents()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("atMs", ms(e.nanos()));
            m.put("awsEquivalentMs", ms(e.nanos() / r.timeScale()));
            m.put("action", e.f());
            m.put("instance", e.target());
            m.put("release", e.key());
            m.put("az", e.pool());
            m.put("detail", e.value());
            m.put("inService", e.version());
            m.put("desired", e.status());
            out.add(m);
        }
        return out;
    }

    static List<Object> faults(RunReport r) {
        List<Object> out = new ArrayList<>();
        for (FaultWindow w : r.history().faults()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", w.faultId());
            e.put("kind", w.kind());
            e.put("target", w.target());
            e.put("requestedMs", ms(w.requestedNanos()));
            e.put("effectiveMs", w.effectiveNanos() < 0 ? null : ms(w.effectiveNanos()));
            e.put("healedMs", w.healed() ? ms(w.healedNanos()) : null);
            Map<String, Object> aws = new LinkedHashMap<>();
            aws.put("requestedMs", ms(w.requestedNanos() / r.timeScale()));
            aws.put("effectiveMs", w.effectiveNanos() < 0 ? null : ms(w.effectiveNanos() / r.timeScale()));
            aws.put("healedMs", w.healed() ? ms(w.healedNanos() / r.timeScale()) : null);
            aws.put("durationMs", ms((w.healedNanos() - w.requestedNanos()) / r.timeScale()));
            e.put("awsEquivalent", aws);
            out.add(e);
        }
        return out;
    }

    private static double ms(double nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
