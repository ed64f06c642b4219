package dev.firedrill.harness.cli;

import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.history.FaultWindow;
import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.scenario.Progress;
import dev.firedrill.harness.scenario.RunResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** What {@code firedrill run} prints: the live progress line and the closing tables, figures never cut. */
final class RunSummary {
    private RunSummary() {
    }

    /** What each fault hit, from the history (a seeded selector's choice included), and when. */
    static void faults(PrintWriter out, RunResult r) {
        List<FaultWindow> faults = r.history().faults();
        if (faults.isEmpty()) {
            return;
        }
        int kind = Math.max(5, faults.stream().mapToInt(f -> f.kind().length()).max().orElse(0));
        int hit = Math.max(3, faults.stream().mapToInt(f -> String.valueOf(f.target()).length()).max().orElse(0));
        String row = "%-6s %-" + kind + "s  %-" + hit + "s  %9s  %s%n";
        out.println();
        out.printf(row, "fault", "kind", "hit", "requested", "healed");
        for (FaultWindow f : faults) {
            out.printf(row, f.faultId(), f.kind(), f.target(), secs(f.requestedNanos()),
                    f.healed() ? secs(f.healedNanos()) : "not healed by the end");
        }
    }

    private static String secs(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    /** The live line; indeterminate operations (may have happened) are not errors and are counted apart. */
    static String line(Progress p) {
        return String.format(Locale.ROOT, "  %-11s %6.1fs  %6.0f ops/s  ok %d  errors %d, indeterminate %d  faults %d",
                p.phase(), p.elapsed().toMillis() / 1000.0, p.opsPerSecond(), p.ok(), p.failed(), p.indeterminate(),
                p.activeFaults());
    }

    /** The SLO table (verdict first, then columns as wide as their longest entry), the checks and the verdict. */
    static void print(PrintWriter out, RunResult r) {
        boolean cut = r.interrupted();
        faults(out, r);
        List<SloVerdict> slos = r.slos();
        int name = Math.max(3, slos.stream().mapToInt(v -> v.name().length()).max().orElse(0));
        int expected = Math.max(8, slos.stream().mapToInt(v -> v.expected().length()).max().orElse(0));
        String row = "%-10s %-" + name + "s  %-" + expected + "s  %s%n";
        out.println();
        out.printf(row, "", "SLO", "expected", "measured");
        for (SloVerdict v : slos) {
            out.printf(row, cut ? "NOT JUDGED" : switch (v.outcome()) {
                case PASSED -> "PASS";
                case FAILED -> "FAIL";
                case INCONCLUSIVE -> "INCONCLUSIVE";
            }, v.name(), v.expected(), v.measured());
            if (!cut && !v.passed() && !v.message().isBlank()) {
                out.println(ListCommand.wrap(v.message(), "    ", 110));
            }
        }
        out.println();
        int check = Math.max(5, r.checks().stream().mapToInt(c -> c.name().length()).max().orElse(0));
        out.printf("%-" + check + "s  %s%n", "check", "verdict");
        for (CheckResult c : r.checks()) {
            out.printf("%-" + check + "s  %s%s%n", c.name(), c.verdict().wire(),
                    c.error() == null ? "" : "  (" + c.error() + ")");
        }
        out.println();
        if (cut) {
            out.println("INTERRUPTED: " + r.interruption().reason() + "; faults healed, nothing after that judged; "
                    + "verdict " + r.verdict().wire());
        } else {
            if (r.error() != null) {
                out.println("run error: " + r.error());
            }
            long failed = slos.stream().filter(SloVerdict::failed).count();
            long inconclusive = slos.stream().filter(SloVerdict::isInconclusive).count();
            out.printf("%s: %d of %d SLOs hold, %d failed, %d inconclusive; verdict %s%n", r.outcome().name(),
                    slos.size() - failed - inconclusive, slos.size(), failed, inconclusive, r.verdict().wire());
        }
        r.figure(RunResult.FAILING_BEFORE_FAULTS).ifPresent(broken ->
                out.println("note: " + broken + "; failures after it are not blamed on the fault"));
        r.figure(RunResult.STALLED_MS).filter(n -> n > 0).ifPresent(n ->
                out.printf("harness health: for %d ms of the run the harness could not keep time (%s stall(s); see the "
                        + "report's harness-health chart)%n", n, r.figure(RunResult.STALLS).orElse(null)));
        if (!cut && r.outcome() == SloVerdict.Outcome.INCONCLUSIVE) {
            out.println("inconclusive: no SLO failed, but some could not be judged; on a busy machine, run again "
                    + "when it is quieter (exit code " + Main.INCONCLUSIVE + ")");
        }
        out.println("report: " + r.indexHtml().toAbsolutePath());
        out.flush();
    }
}
