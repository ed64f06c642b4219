package dev.firedrill.harness.scenario;

import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.check.JobChecker;
import dev.firedrill.harness.check.LostWriteChecker;
import dev.firedrill.harness.check.SessionChecker;
import dev.firedrill.harness.check.StaleReadChecker;
import dev.firedrill.harness.history.FaultWindow;
import dev.firedrill.harness.history.History;
import dev.firedrill.harness.history.Operations;
import dev.firedrill.harness.report.SloVerdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The SLOs of the built-in scenarios (what a production-ready stack must survive); exposed through
 * {@link Slos}. Each quotes its measured figure and, when broken, says by how much.
 */
final class ResilienceSlos {
    private ResilienceSlos() {
    }

    static Slo staleReadsOnlyOnReaderPool() {
        String name = "stale reads only on reader pool";
        String expected = "0 stale reads outside the reader pool";
        return Slos.of(name, expected, in -> {
            CheckResult c = in.check(StaleReadChecker.NAME).orElse(null);
            Map<String, Object> byPool = Slos.figure(c, StaleReadChecker.BY_POOL);
            if (byPool == null) {
                return unmeasured(name, expected, c);
            }
            long outside = 0;
            List<String> parts = new ArrayList<>();
            List<String> offenders = new ArrayList<>();
            for (Map.Entry<String, Object> e : byPool.entrySet()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> p = (Map<String, Object>) e.getValue();
                long stale = StaleReadChecker.STALE_READS.in(p).orElseThrow(() -> new IllegalStateException(
                        "stale-reads wrote no " + StaleReadChecker.STALE_READS + " for pool " + e.getKey()));
                parts.add(e.getKey() + ": " + stale + " stale of " + StaleReadChecker.READS.in(p).orElse(null));
                if (!"reader".equals(e.getKey()) && stale > 0) {
                    outside += stale;
                    offenders.add(e.getKey() + " (" + stale + ", up to "
                            + StaleReadChecker.MAX_STALENESS_MS.in(p).orElse(null) + " ms stale)");
                }
            }
            String measured = parts.isEmpty() ? "no reads" : String.join("; ", parts);
            return verdict(name, expected, measured, outside == 0, outside + " stale read(s) were served outside "
                    + "the reader pool, by " + String.join(", ", offenders) + ", e.g. " + c.examples());
        });
    }

    static Slo sessionsSurvive() {
        String name = "sessions survive";
        String expected = "every session made before a fault still valid after its heal";
        return Slos.of(name, expected, in -> {
            CheckResult c = in.check(SessionChecker.NAME).orElse(null);
            Long rejected = Slos.figure(c, SessionChecker.REJECTED_401);
            if (rejected == null) {
                return unmeasured(name, expected, c);
            }
            long checked = Slos.required(c, SessionChecker.CHECKED_AFTER_HEAL);
            long valid = Slos.required(c, SessionChecker.STILL_VALID);
            long lost = rejected;
            if (checked == 0) {
                return new SloVerdict(name, expected, "no session checked", false, "no session made before a fault "
                        + "was used after its heal: put login and me in the mix and keep the run going after the heal");
            }
            long other = checked - valid - lost;
            String measured = valid + " of " + checked + " valid after heal, " + lost + " rejected (401), " + other
                    + " other failure(s)";
            return verdict(name, expected, measured, valid == checked, String.format(Locale.ROOT,
                    "%d of %d session(s) made before the fault did not work after the heal (%.1f %% lost): %d "
                            + "rejected with 401, %d failed otherwise, e.g. %s", checked - valid, checked,
                    100.0 * (checked - valid) / checked, lost, other, c.examples()));
        });
    }

    static Slo failuresOnlyWithinAwsEquivalent(Duration awsWindow, Duration slack) {
        String name = "failures only in detection window";
        String expected = "server errors (5xx, no answer) only ≤ " + awsWindow.toSeconds() + " s AWS-equivalent + "
                + slack.toMillis() + " ms after a fault takes effect";
        return Slos.of(name, expected, in -> {
            History h = in.history();
            Operations ops = h.operations();
            double windowMs = awsWindow.toNanos() / 1e6 * in.timeScale() + slack.toNanos() / 1e6;
            long firstFault = Judge.firstFaultNanos(h);
            Judge.Tally t = new Judge.Tally(in.stalls());
            long failures = 0;
            long beforeFault = 0;
            double latestMs = 0;
            for (int i = 0; i < ops.size(); i++) {
                if (ops.isOk(i) || !serverSide(ops, i)) {
                    continue;
                }
                failures++;
                long inv = ops.invokeNanos(i);
                double after = Double.POSITIVE_INFINITY;
                for (FaultWindow w : h.faults()) {
                    long from = w.effectiveNanos() >= 0 ? w.effectiveNanos() : w.requestedNanos();
                    // the fault acts from its request on (a container's kill takes the engine ~0.1-0.2 s to
                    // confirm): a failure between request and effect is inside the window, at its start
                    long start = w.requestedNanos() >= 0 ? Math.min(w.requestedNanos(), from) : from;
                    if (inv >= start - Judge.IN_FLIGHT_NANOS) { // in flight when the fault struck
                        after = Math.min(after, Math.max(0, inv - from) / 1e6);
                    }
                }
                if (after != Double.POSITIVE_INFINITY) {
                    latestMs = Math.max(latestMs, after);
                }
                if (!(after <= windowMs)) {
                    if (inv < firstFault) {
                        beforeFault++;
                    }
                    t.violation(inv, Measures.end(ops, i, h), ops.describe(i)
                            + (inv < firstFault ? " (before any fault)" : ""));
                }
            }
            long outside = t.clean + t.tainted;
            String measured = String.format(Locale.ROOT, "%d server error(s), %d outside (%d before any fault); last "
                    + "%.0f ms after the fault (window %.0f ms)", failures, outside, beforeFault, latestMs, windowMs);
            return Judge.verdict(name, expected, measured, t, String.format(Locale.ROOT,
                    "%d server error(s) fell outside the %.0f ms detection window in clean time (the last %.0f ms "
                            + "after the fault, %.0f ms too late; %d before any fault), e.g. %s", t.clean, windowMs,
                    latestMs, Math.max(0, latestMs - windowMs), beforeFault, t.cleanExample));
        });
    }

    /** A failure the server side caused: a 5xx, or no HTTP answer at all (timeout, reset, refused). */
    private static boolean serverSide(Operations ops, int i) {
        int s = ops.status(i);
        return s == 0 || s >= 500;
    }

    static Slo failFast(String op, double percentile, Duration bound) {
        String name = op + " fails fast";
        String expected = String.format(Locale.ROOT, "p%.0f of failed %s during faults ≤ %d ms", percentile, op,
                bound.toMillis());
        return Slos.of(name, expected, in -> {
            History h = in.history();
            Operations ops = h.operations();
            int f = ops.symbolId(op);
            List<long[]> spans = Judge.faultSpans(h, op);
            Judge.Tally t = new Judge.Tally(in.stalls());
            List<Long> all = new ArrayList<>();
            List<Long> clean = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                if (f < 0 || ops.f(i) != f || ops.isOk(i) || ops.completeNanos(i) < 0
                        || !Judge.inAny(spans, ops.invokeNanos(i))) {
                    continue;
                }
                long lat = ops.completeNanos(i) - ops.invokeNanos(i);
                all.add(lat);
                if (!t.taints(ops.invokeNanos(i), ops.completeNanos(i))) {
                    clean.add(lat);
                }
            }
            if (all.isEmpty()) {
                return new SloVerdict(name, expected, "no failed " + op + " during a fault", true, "");
            }
            long[] lat = all.stream().mapToLong(Long::longValue).sorted().toArray();
            long[] cl = clean.stream().mapToLong(Long::longValue).sorted().toArray();
            double p = percentile(lat, percentile);
            double b = bound.toNanos() / 1e6;
            long slow = Arrays.stream(lat).filter(l -> l > bound.toNanos()).count();
            String measured = String.format(Locale.ROOT, "p%.0f %.0f ms of %d failed %s (%d slower than %d ms; %d "
                    + "measured in a stall)", percentile, p, lat.length, op, slow, bound.toMillis(),
                    lat.length - cl.length);
            double pc = cl.length == 0 ? Double.NaN : percentile(cl, percentile);
            if (cl.length > 0 && pc > b) {
                return verdict(name, expected, measured, false, String.format(Locale.ROOT,
                        "failed %s took p%.0f %.0f ms to fail in clean time, %.0f ms over the %d ms bound: %d of %d "
                                + "waited for a timeout instead of failing fast", op, percentile, pc, pc - b,
                        bound.toMillis(), slow, lat.length));
            }
            if (p > b || cl.length < lat.length && t.seen.stream().anyMatch(x -> x.cause().equals("schedule-lag"))) {
                return SloVerdict.inconclusive(name, expected, measured, String.format(Locale.ROOT,
                        "p%.0f is %.0f ms with the %d failure(s) measured while the harness could not keep time, "
                                + "%s without them: %s", percentile, p, lat.length - cl.length,
                        Double.isNaN(pc) ? "none left" : String.format(Locale.ROOT, "%.0f ms", pc), t.stalls()));
            }
            return verdict(name, expected, measured, true, "");
        });
    }

    static Slo failsClearly(String op, int status, Duration within) {
        String name = op + " fails clearly";
        String expected = "every failed " + op + " during a fault answered " + status + " within "
                + within.toMillis() + " ms";
        return Slos.of(name, expected, in -> {
            History h = in.history();
            Operations ops = h.operations();
            int f = ops.symbolId(op);
            List<long[]> spans = Judge.faultSpans(h, op);
            Judge.Tally t = new Judge.Tally(in.stalls());
            long failed = 0;
            long outside = 0;
            String outsideExample = null;
            for (int i = 0; i < ops.size(); i++) {
                if (f < 0 || ops.f(i) != f || ops.isOk(i) || ops.completeNanos(i) < 0) {
                    continue;
                }
                String d = ops.describe(i) + (ops.error(i) >= 0 ? " (" + ops.symbol(ops.error(i)) + ")" : "");
                if (!Judge.inAny(spans, ops.invokeNanos(i))) {
                    outside++;
                    outsideExample = outsideExample == null ? d : outsideExample;
                    continue;
                }
                failed++;
                long took = ops.completeNanos(i) - ops.invokeNanos(i);
                if (ops.status(i) != status || took > within.toNanos()) {
                    t.violation(ops.invokeNanos(i), ops.completeNanos(i), d);
                }
            }
            long unclear = t.clean + t.tainted;
            String measured = (failed == 0 ? "no failed " + op + " during a fault"
                    : (failed - unclear) + " of " + failed + " failed " + op + " answered " + status + " in time")
                    + Judge.outside(outside, op, outsideExample);
            return Judge.verdict(name, expected, measured, t, t.clean + " of " + failed + " failed " + op
                    + " during a fault did not answer " + status + " within " + within.toMillis()
                    + " ms (timed out or another status), e.g. " + t.cleanExample);
        });
    }

    static Slo noLostJobs() {
        String name = "no lost jobs";
        String expected = "every acknowledged job processed within the job bound";
        return Slos.of(name, expected, in -> {
            CheckResult c = in.check(JobChecker.NAME).orElse(null);
            Long lost = Slos.figure(c, JobChecker.LOST);
            if (lost == null) {
                return unmeasured(name, expected, c);
            }
            long l = lost;
            long late = Slos.required(c, JobChecker.LATE);
            long acked = Slos.required(c, JobChecker.ACKNOWLEDGED);
            Long dup = c.figure(JobChecker.DUPLICATES).orElse(null);
            String measured = acked + " acknowledged, " + l + " lost, " + late + " late, "
                    + (dup == null ? "" : dup + " duplicate(s), ") + c.figure(JobChecker.DEAD_LETTERED).orElse(null)
                    + " dead-lettered";
            return verdict(name, expected, measured, l + late == 0 && acked > 0, acked == 0
                    ? "no job was acknowledged, so nothing shows jobs survive: put enqueue in the mix"
                    : String.format(Locale.ROOT, "%d of %d acknowledged job(s) never processed and %d late "
                            + "(bound %s ms after the last heal), e.g. %s", l, acked, late, c.figure(JobChecker.BOUND_MS).orElse(null),
                    c.examples()));
        });
    }

    static Slo noDuplicateJobs() {
        String name = "no duplicate jobs";
        String expected = "every acknowledged job's work ran at most once (redeliveries skipped)";
        return Slos.of(name, expected, in -> {
            CheckResult c = in.check(JobChecker.NAME).orElse(null);
            Long acknowledged = Slos.figure(c, JobChecker.ACKNOWLEDGED);
            if (acknowledged == null) {
                return unmeasured(name, expected, c);
            }
            Long duplicates = c.figure(JobChecker.DUPLICATES).orElse(null); // null: the app reports no run counts
            if (acknowledged > 0 && duplicates == null) {
                return verdict(name, expected, "not measured: the app's GET /jobs/{id} reports no 'executions'",
                        false, "the app does not say how many times each job's work ran (an 'executions' count "
                        + "in GET /jobs/{id}), so duplicates cannot be told from redeliveries; report it or "
                        + "drop this SLO");
            }
            long d = duplicates == null ? 0 : duplicates;
            long acked = acknowledged;
            Long extra = c.figure(JobChecker.EXTRA_EXECUTIONS).orElse(null);
            String measured = acked + " acknowledged, " + c.figure(JobChecker.REDELIVERED).orElse(null) + " redelivered, "
                    + d + " ran more than once (" + extra + " extra run(s))";
            List<String> dupExamples = c.examples().stream().filter(e -> e.contains(" times (")).limit(3).toList();
            return verdict(name, expected, measured, d == 0 && acked > 0, acked == 0
                    ? "no job was acknowledged, so nothing shows jobs run once: put enqueue in the mix"
                    : String.format(Locale.ROOT, "%d of %d acknowledged job(s) ran more than once (%s extra "
                            + "run(s)): redelivered messages were not deduplicated, e.g. %s", d, acked,
                    extra, dupExamples));
        });
    }

    static Slo rpoAtMost(int writes, Duration window) {
        String name = "failover RPO";
        String expected = "≤ " + writes + " acknowledged write(s) lost, all acknowledged ≤ " + window.toMillis()
                + " ms before the failure (asynchronous replication)";
        return Slos.of(name, expected, in -> {
            CheckResult c = in.check(LostWriteChecker.NAME).orElse(null);
            Long lostN = Slos.figure(c, LostWriteChecker.LOST_WRITES);
            if (lostN == null) {
                return unmeasured(name, expected, c);
            }
            long lost = lostN;
            double rpoMs = lost == 0 ? 0 : rpoMs(in.history(), c.figure(LostWriteChecker.FIRST_LOST_ACK_MS).orElse(null));
            String measured = String.format(Locale.ROOT, "%d lost of %s acknowledged; RPO %.0f ms (%.1f s "
                    + "AWS-equivalent)", lost, c.figure(LostWriteChecker.ACKNOWLEDGED_WRITES).orElse(null), rpoMs,
                    rpoMs / 1000 / in.timeScale());
            boolean ok = lost <= writes && rpoMs <= window.toNanos() / 1e6;
            return verdict(name, expected, measured, ok, String.format(Locale.ROOT, "%d acknowledged write(s) "
                    + "were lost in the failover (%d over the %d allowed); the oldest was acknowledged %.0f ms before"
                    + " the primary failed (bound %d ms), e.g. %s", lost, Math.max(0, lost - writes), writes, rpoMs,
                    window.toMillis(), c.examples()));
        });
    }

    /**
     * Failure time (when the failover or AZ outage was requested: replication may stop from then on) minus the
     * acknowledgement of the earliest lost write; 0 when every lost write was acknowledged after it.
     */
    private static double rpoMs(History h, Double first) {
        if (first == null) {
            return 0;
        }
        for (FaultWindow w : h.faults()) {
            if (Set.of("failover", "az-outage").contains(w.kind())) {
                return Math.max(0, w.requestedNanos() / 1e6 - first.doubleValue());
            }
        }
        return Double.NaN;
    }

    static Slo servedOnlyBy(List<String> instances, Duration awsAfter, double minAvailability) {
        String name = "traffic served by surviving instances";
        String expected = String.format(Locale.ROOT, "from %d s AWS-equivalent after the fault until its heal: "
                + "reads ≥ %.1f %% available, every answer from %s", awsAfter.toSeconds(), minAvailability * 100,
                instances);
        return Slos.of(name, expected, in -> {
            Operations ops = in.history().operations();
            long afterNanos = (long) (awsAfter.toNanos() * in.timeScale());
            int read = ops.symbolId("read");
            long ok = 0, readOk = 0, readFail = 0, foreign = 0, readFailStalled = 0;
            String example = null;
            Judge.Tally stalled = new Judge.Tally(in.stalls());
            for (FaultWindow w : in.history().faults()) {
                long from = (w.effectiveNanos() >= 0 ? w.effectiveNanos() : w.requestedNanos()) + afterNanos;
                for (int i = 0; i < ops.size(); i++) {
                    long t = ops.invokeNanos(i);
                    if (t < from || t >= w.healedNanos() || ops.completeNanos(i) < 0) {
                        continue;
                    }
                    if (ops.f(i) == read && read >= 0) {
                        if (ops.isOk(i)) {
                            readOk++;
                        } else if (stalled.taints(ops.invokeNanos(i), ops.completeNanos(i))) {
                            readFailStalled++;
                        } else {
                            readFail++;
                        }
                    }
                    if (ops.isOk(i)) {
                        ok++;
                        String inst = ops.symbol(ops.instance(i));
                        if (inst != null && !instances.contains(inst)) {
                            foreign++;
                            example = example == null ? ops.describe(i) + " from " + inst : example;
                        }
                    }
                }
            }
            double avail = readOk + readFail == 0 ? 0 : (double) readOk / (readOk + readFail);
            double availAll = readOk + readFail + readFailStalled == 0 ? 0
                    : (double) readOk / (readOk + readFail + readFailStalled);
            String measured = String.format(Locale.ROOT, "reads %.1f %% (%d ok, %d failed, %d more failed in a stall),"
                    + " %d answer(s) from other instances", avail * 100, readOk, readFail, readFailStalled, foreign);
            boolean passed = readOk > 0 && avail >= minAvailability && foreign == 0;
            if (passed && availAll < minAvailability) {
                return SloVerdict.inconclusive(name, expected, measured, String.format(Locale.ROOT, "read "
                        + "availability is %.1f %% in clean time but %.1f %% counting the %d read(s) that failed "
                        + "while the harness could not keep time: %s", avail * 100, availAll * 100, readFailStalled,
                        stalled.stalls()));
            }
            return verdict(name, expected, measured, passed, readOk == 0
                    ? "no read was served by " + instances + " after the detection time: nothing survived the fault"
                    : String.format(Locale.ROOT, "read availability %.1f %% is %.1f points below %.1f %%; %d answer(s)"
                            + " came from instances outside %s%s", avail * 100,
                    Math.max(0, (minAvailability - avail) * 100), minAvailability * 100, foreign, instances,
                    example == null ? "" : ", e.g. " + example));
        });
    }

    private static double percentile(long[] sorted, double p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
    }

    private static SloVerdict verdict(String name, String expected, String measured, boolean passed, String why) {
        return new SloVerdict(name, expected, measured, passed, passed ? "" : why);
    }

    private static SloVerdict unmeasured(String name, String expected, CheckResult c) {
        String why = c == null ? "its checker did not run" : c.error() != null ? c.error() : "its figure is missing";
        return SloVerdict.inconclusive(name, expected, "unknown", "cannot judge: " + why);
    }
}
