package dev.firedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.check.Verdict;
import dev.firedrill.harness.history.HistoryRecorder;
import dev.firedrill.harness.report.Interruption;
import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.scenario.Progress;
import dev.firedrill.harness.scenario.RunResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSummaryTest {
    static final String MEASURED = "7311 ms (fault f1 window 2900-10211 ms, AWS-equivalent 146220 ms)";

    static RunResult result(List<SloVerdict> slos, Interruption cut) {
        return new RunResult("s", 1, 0.05, Path.of("target", "r"), HistoryRecorder.inMemory(() -> 0).history(),
                List.of(CheckResult.of("recovery", Verdict.VALID, Map.of(), List.of())), slos,
                cut == null ? Verdict.INVALID : Verdict.UNKNOWN, Map.of(), null, cut);
    }

    static String print(RunResult r) {
        StringWriter s = new StringWriter();
        RunSummary.print(new PrintWriter(s), r);
        return s.toString();
    }

    @Test
    void theSummaryPrintsMeasuredFiguresWhole() {
        String out = print(result(List.of(new SloVerdict("writeRecoveryWithinAwsEquivalent", "≤ 120000 ms AWS-equivalent",
                MEASURED, false, "the write outage lasted 26220 ms longer than allowed")), null));
        assertThat(out).contains(MEASURED).doesNotContain("…").contains("FAIL").contains("26220 ms longer");
    }

    @Test
    void theProgressLineCountsIndeterminateOperationsApartFromErrors() {
        String line = RunSummary.line(new Progress("run", Duration.ofMillis(4200), 98, 400, 3, 7, 1));
        assertThat(line).contains("ok 400").contains("errors 3, indeterminate 7").doesNotContain("errors 10");
    }

    @Test
    void anInterruptedRunSaysSoAndFailsNoSlo() {
        Interruption cut = new Interruption("run", Duration.ofMillis(4200));
        String out = print(result(List.of(cut.notJudged("noLostWrites", "0 lost")), cut));
        assertThat(out).contains("NOT JUDGED").contains("INTERRUPTED: run interrupted at run after 4.2 s")
                .doesNotContain("FAIL").doesNotContain("PASS");
    }

    @Test
    void theRunLevelFiguresScenarioRunnerWritesAreNoted() {
        // the names ScenarioRunner writes (and result.json carries), read through RunResult's typed keys
        RunResult r = new RunResult("s", 1, 0.05, Path.of("target", "r"), HistoryRecorder.inMemory(() -> 0).history(),
                List.of(), List.of(), Verdict.VALID, Map.of("failingBeforeFaults", "write failed before any fault",
                "stalledMs", 1200L, "stalls", 3), null);
        assertThat(print(r)).contains("note: write failed before any fault; failures after it are not blamed")
                .contains("for 1200 ms of the run the harness could not keep time (3 stall(s)");
        assertThat(print(result(List.of(), null))).doesNotContain("note:").doesNotContain("harness health");
    }
}
