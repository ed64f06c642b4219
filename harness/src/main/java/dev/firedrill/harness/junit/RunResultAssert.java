package dev.firedrill.harness.junit;

import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.check.LostWriteChecker;
import dev.firedrill.harness.check.StaleReadChecker;
import dev.firedrill.harness.check.Verdict;
import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.scenario.Measures;
import dev.firedrill.harness.scenario.Outage;
import dev.firedrill.harness.scenario.RunResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.assertj.core.api.AbstractAssert;
import org.opentest4j.TestAbortedException;

/**
 * Fluent assertions on a {@link RunResult}. Every failure message quotes the measured figure and the report
 * directory, so a red test points straight at {@code index.html}.
 */
public final class RunResultAssert extends AbstractAssert<RunResultAssert, RunResult> {

    RunResultAssert(RunResult actual) {
        super(actual, RunResultAssert.class);
    }

    private RunResultAssert fail(String message, Object... args) {
        failWithMessage("%s%n  report: %s", String.format(Locale.ROOT, message, args), actual.indexHtml());
        return this;
    }

    /** Every check valid, every SLO passed and no run error. */
    public RunResultAssert passed() {
        isNotNull();
        if (!actual.passed()) {
            fail("expected scenario '%s' to pass, but verdict is %s; error: %s; failed SLOs: %s; non-valid checks: %s",
                    actual.scenario(), actual.verdict().wire(), actual.error(), failedSlos(), badChecks());
        }
        return this;
    }

    /** The run itself raised no error (heal and final reads worked). */
    public RunResultAssert completedWithoutError() {
        isNotNull();
        if (actual.error() != null) {
            fail("expected scenario '%s' to complete without error, but: %s", actual.scenario(), actual.error());
        }
        return this;
    }

    /**
     * Every SLO of the scenario passed. An SLO that failed fails the test; when none failed but one is
     * inconclusive (the harness could not keep time while measuring it: a busy machine, not a broken stack) the
     * test is aborted — reported as skipped with the reason — never passed and never failed.
     */
    public RunResultAssert passedAllSlos() {
        isNotNull();
        if (!failedSlos().isEmpty()) {
            fail("expected every SLO to pass, but: %s", failedSlos());
        }
        abortIfInconclusive(actual.slos().stream().filter(SloVerdict::isInconclusive).toList());
        return this;
    }

    /**
     * The named SLO failed — for a weakened stack that must break it. Aborts the test (skipped, with the reason)
     * when the SLO is inconclusive, so a busy machine neither confirms nor refutes the weakness.
     */
    public RunResultAssert failedSlo(String name) {
        isNotNull();
        SloVerdict v = actual.slo(name).orElseThrow(() -> new AssertionError("scenario " + actual.scenario()
                + " has no SLO '" + name + "'; it has " + actual.slos().stream().map(SloVerdict::name).toList()));
        abortIfInconclusive(List.of(v));
        if (!v.failed()) {
            fail("expected SLO '%s' to fail, but it passed: measured %s", name, v.measured());
        }
        return this;
    }

    private void abortIfInconclusive(List<SloVerdict> inconclusive) {
        if (!inconclusive.isEmpty()) {
            throw new TestAbortedException(String.format(Locale.ROOT, "inconclusive, not failed: %s%n  report: %s",
                    inconclusive.stream().map(v -> v.name() + " (" + v.inconclusive() + ")").toList(),
                    actual.indexHtml()));
        }
    }

    /** No acknowledged write is missing from the final state. */
    public RunResultAssert hasNoLostWrites() {
        CheckResult c = check(LostWriteChecker.NAME);
        Long lost = c.figure(LostWriteChecker.LOST_WRITES).orElse(null);
        if (c.verdict() != Verdict.VALID || lost == null || lost != 0) {
            fail("expected no lost writes, but lost-writes is %s with lostWrites=%s of acknowledgedWrites=%s (%s); "
                    + "examples: %s", c.verdict().wire(), lost, c.figure(LostWriteChecker.ACKNOWLEDGED_WRITES).orElse(null),
                    c.error() == null ? "" : c.error(), c.examples());
        }
        return this;
    }

    /** No {@code consistent_read} was stale. */
    public RunResultAssert hasNoStaleConsistentReads() {
        CheckResult c = check(StaleReadChecker.NAME);
        Long n = c.figure(StaleReadChecker.STRICT_STALE_READS).orElse(null);
        if (n == null || n != 0) {
            fail("expected no stale consistent reads, but strictStaleReads=%s (%s); examples: %s", n,
                    c.error() == null ? "" : c.error(), c.examples());
        }
        return this;
    }

    /** At least one plain {@code read} (reader pool) was stale. */
    public RunResultAssert hasStaleReads() {
        CheckResult c = check(StaleReadChecker.NAME);
        Long n = c.figure(StaleReadChecker.STALE_READS).orElse(null);
        if (n == null || n == 0) {
            fail("expected stale reads, but staleReads=%s of reads=%s", n, c.figure(StaleReadChecker.READS).orElse(null));
        }
        return this;
    }

    /** Every write outage during a fault lasted at most {@code bound} (as rehearsed) and writes came back. */
    public RunResultAssert recoveredWithin(Duration bound) {
        return recoveredWithin("write", bound);
    }

    /** Every outage of {@code op} during a fault lasted at most {@code bound} and {@code op} came back. */
    public RunResultAssert recoveredWithin(String op, Duration bound) {
        isNotNull();
        for (Outage o : actual.outages(op)) {
            if (!o.recovered() || o.durationMs() > bound.toNanos() / 1e6) {
                fail("expected %s to recover within %d ms, but during %s (window %.0f ms) the outage was %s",
                        op, bound.toMillis(), o.faultId(), o.faultDurationMs(),
                        o.recovered() ? String.format(Locale.ROOT, "%.0f ms", o.durationMs()) : "never over");
            }
        }
        return this;
    }

    /** Every outage of {@code op} lasted {@code expected} ± {@code tolerance}. */
    public RunResultAssert hasOutage(String op, Duration expected, Duration tolerance) {
        isNotNull();
        List<Outage> all = actual.outages(op);
        if (all.isEmpty()) {
            fail("expected a %s outage of %d ms, but none was measured", op, expected.toMillis());
        }
        for (Outage o : all) {
            double d = o.durationMs() - expected.toNanos() / 1e6;
            if (!o.recovered() || Math.abs(d) > tolerance.toNanos() / 1e6) {
                fail("expected a %s outage of %d ms ± %d ms, but measured %.0f ms (fault %s window %.0f ms)",
                        op, expected.toMillis(), tolerance.toMillis(), o.durationMs(), o.faultId(),
                        o.faultDurationMs());
            }
        }
        return this;
    }

    /** Availability of all client operations is at least {@code fraction}. */
    public RunResultAssert availabilityAtLeast(double fraction) {
        return availabilityAtLeast(null, fraction);
    }

    /** Availability of {@code op} (null: all) is at least {@code fraction}. */
    public RunResultAssert availabilityAtLeast(String op, double fraction) {
        isNotNull();
        double a = Measures.availability(actual.history(), op);
        if (Double.isNaN(a) || a < fraction) {
            fail("expected %s availability ≥ %.3f %%, but measured %.3f %%", op == null ? "overall" : op,
                    fraction * 100, a * 100);
        }
        return this;
    }

    /** The p99 latency of ok {@code op} operations is below {@code bound}. */
    public RunResultAssert p99Below(String op, Duration bound) {
        isNotNull();
        double p = Measures.percentileMs(actual.history(), op, 99);
        if (Double.isNaN(p) || p >= bound.toNanos() / 1e6) {
            fail("expected %s p99 < %d ms, but measured %.1f ms", op, bound.toMillis(), p);
        }
        return this;
    }

    /** The named check has this verdict. */
    public RunResultAssert hasCheckVerdict(String check, Verdict verdict) {
        CheckResult c = check(check);
        if (c.verdict() != verdict) {
            fail("expected check %s to be %s, but it is %s; figures: %s; examples: %s; error: %s", check,
                    verdict.wire(), c.verdict().wire(), c.figures(), c.examples(), c.error());
        }
        return this;
    }

    private CheckResult check(String name) {
        isNotNull();
        return actual.check(name).orElseThrow(() -> new AssertionError("check " + name + " did not run; report: "
                + actual.indexHtml()));
    }

    private List<String> failedSlos() {
        return actual.slos().stream().filter(SloVerdict::failed).map(RunResultAssert::describe).toList();
    }

    private static String describe(SloVerdict s) {
        return s.name() + " expected " + s.expected() + ", measured " + s.measured() + " (" + s.message() + ")";
    }

    private List<String> badChecks() {
        return actual.checks().stream().filter(c -> c.verdict() != Verdict.VALID)
                .map(c -> c.name() + "=" + c.verdict().wire() + (c.error() == null ? "" : " (" + c.error() + ")"))
                .toList();
    }
}
