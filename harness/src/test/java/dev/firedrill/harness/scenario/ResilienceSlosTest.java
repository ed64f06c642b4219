package dev.firedrill.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.check.Verdict;
import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.report.SloVerdict;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResilienceSlosTest {

    /** An operation with an HTTP status (0 = no answer) and the instance that answered. */
    static FakeRun op(FakeRun r, String f, double from, double to, EventType type, int status, String instance) {
        r.at(from);
        Event inv = r.rec.record(Event.invoke("c1", f).key("1"));
        r.at(to);
        Event.Builder b = Event.completing(inv, type);
        if (status > 0) {
            b.status(status);
        }
        if (instance != null) {
            b.instance(instance);
        }
        r.rec.record(b);
        return r;
    }

    static SloInput input(FakeRun r, CheckResult... checks) {
        return new SloInput(r.history(), List.of(checks), 0.05);
    }

    @Test
    void failFastPassesWhenFailuresAreQuickAndSaysHowFarOverWhenTheyWaitForATimeout() {
        FakeRun quick = new FakeRun();
        op(quick, "write", 1100, 1105, EventType.FAIL, 503, "app-1");
        op(quick, "write", 1200, 1204, EventType.FAIL, 503, "app-1");
        quick.fault("f1", 1000, 1000, 3000);
        assertThat(Slos.failFast("write", 80, Duration.ofMillis(100)).evaluate(input(quick)).passed()).isTrue();

        FakeRun slow = new FakeRun();
        op(slow, "write", 1100, 2100, EventType.INFO, 0, null);
        op(slow, "write", 1200, 2200, EventType.INFO, 0, null);
        op(slow, "write", 5000, 6000, EventType.INFO, 0, null); // outside the fault: not judged
        slow.fault("f1", 1000, 1000, 3000);
        SloVerdict v = Slos.failFast("write", 80, Duration.ofMillis(100)).evaluate(input(slow));
        assertThat(v.passed()).isFalse();
        assertThat(v.measured()).startsWith("p80 1000 ms of 2 failed write");
        assertThat(v.message()).contains("900 ms over the 100 ms bound");
    }

    @Test
    void failsClearlyRejectsTimeoutsAndOtherStatuses() {
        FakeRun r = new FakeRun();
        op(r, "me", 100, 120, EventType.FAIL, 503, "app-1");
        op(r, "me", 200, 1200, EventType.FAIL, 0, null);
        op(r, "me", 300, 310, EventType.OK, 200, "app-1");
        op(r, "me", 1400, 1410, EventType.OK, 200, "app-1");
        op(r, "me", 5000, 6500, EventType.FAIL, 0, null); // long after the fault and its recovery: not judged
        r.fault("f1", 50, 60, 1300);
        SloVerdict v = Slos.failsClearly("me", 503, Duration.ofMillis(900)).evaluate(input(r));
        assertThat(v.failed()).isTrue();
        assertThat(v.measured()).startsWith("1 of 2 failed me answered 503 in time; 1 failed me outside any fault");
        assertThat(v.message()).startsWith("1 of 2 failed me during a fault did not answer 503 within 900 ms");
    }

    @Test
    void failuresOnlyWithinTheScaledDetectionWindowPass() {
        FakeRun r = new FakeRun();
        op(r, "read", 1500, 1510, EventType.FAIL, 502, null);   // 500 ms after the fault: inside 60 s × 0.05 = 3 s
        op(r, "read", 2000, 2010, EventType.FAIL, 409, null);   // a client error: never judged
        r.fault("f1", 1000, 1000, 9000);
        assertThat(Slos.failuresOnlyWithinAwsEquivalent(Duration.ofSeconds(60), Duration.ofMillis(250))
                .evaluate(input(r)).passed()).isTrue();

        op(r, "read", 5000, 5010, EventType.FAIL, 502, null);   // 4 s after: outside 3.25 s
        SloVerdict v = Slos.failuresOnlyWithinAwsEquivalent(Duration.ofSeconds(60), Duration.ofMillis(250))
                .evaluate(input(r));
        assertThat(v.passed()).isFalse();
        assertThat(v.message()).contains("1 server error(s) fell outside the 3250 ms detection window")
                .contains("750 ms too late");
    }

    @Test
    void sessionsSurviveFailsOnRejectedSessionsAndWhenNoneWasChecked() {
        CheckResult lost = CheckResult.of("sessions", Verdict.INVALID, Map.of("createdBeforeFault", 10L,
                "checkedAfterHeal", 8L, "stillValid", 6L, "rejected401", 2L, "otherFailures", 0L), List.of("x"));
        SloVerdict v = Slos.sessionsSurvive().evaluate(input(new FakeRun(), lost));
        assertThat(v.passed()).isFalse();
        assertThat(v.message()).startsWith("2 of 8 session(s) made before the fault did not work after the heal "
                + "(25.0 % lost): 2 rejected with 401, 0 failed otherwise");
        CheckResult none = CheckResult.of("sessions", Verdict.VALID, Map.of("createdBeforeFault", 0L,
                "checkedAfterHeal", 0L, "stillValid", 0L, "rejected401", 0L, "otherFailures", 0L), List.of());
        assertThat(Slos.sessionsSurvive().evaluate(input(new FakeRun(), none)).passed()).isFalse();
    }

    @Test
    void staleReadsOnlyOnReaderPoolNamesTheOffendingPool() {
        Map<String, Object> byPool = new LinkedHashMap<>();
        byPool.put("reader", Map.of("reads", 100L, "staleReads", 20L, "maxStalenessMs", 900.0));
        byPool.put("writer", Map.of("reads", 50L, "staleReads", 0L, "maxStalenessMs", 0.0));
        CheckResult ok = CheckResult.of("stale-reads", Verdict.VALID, Map.of("byPool", byPool), List.of());
        assertThat(Slos.staleReadsOnlyOnReaderPool().evaluate(input(new FakeRun(), ok)).passed()).isTrue();

        byPool.put("writer", Map.of("reads", 50L, "staleReads", 3L, "maxStalenessMs", 40.0));
        CheckResult bad = CheckResult.of("stale-reads", Verdict.VALID, Map.of("byPool", byPool), List.of());
        SloVerdict v = Slos.staleReadsOnlyOnReaderPool().evaluate(input(new FakeRun(), bad));
        assertThat(v.passed()).isFalse();
        assertThat(v.message()).startsWith("3 stale read(s) were served outside the reader pool, by writer (3");
    }

    @Test
    void noLostJobsCountsLostAndLateJobs() {
        Map<String, Object> fig = new LinkedHashMap<>(Map.of("acknowledged", 40L, "lost", 3L, "late", 1L,
                "duplicates", 0L, "deadLettered", 0L, "boundMs", 15000L));
        SloVerdict v = Slos.noLostJobs().evaluate(input(new FakeRun(), CheckResult.of("jobs", Verdict.INVALID, fig,
                List.of())));
        assertThat(v.passed()).isFalse();
        assertThat(v.message()).startsWith("3 of 40 acknowledged job(s) never processed and 1 late");
    }

    @Test
    void noDuplicateJobsQuotesTheDuplicatesAndRefusesToPassWithoutARunCount() {
        Map<String, Object> fig = new LinkedHashMap<>(Map.of("acknowledged", 40L, "lost", 0L, "late", 0L,
                "redelivered", 9L, "duplicates", 4L, "extraExecutions", 5L, "deadLettered", 0L));
        SloVerdict v = Slos.noDuplicateJobs().evaluate(input(new FakeRun(), CheckResult.of("jobs", Verdict.VALID,
                fig, List.of("job j1 acknowledged by c1 ran 3 times (3 deliveries)"))));
        assertThat(v.passed()).isFalse();
        assertThat(v.message()).startsWith("4 of 40 acknowledged job(s) ran more than once (5 extra run(s))")
                .contains("job j1");

        fig.put("duplicates", null);
        SloVerdict unmeasured = Slos.noDuplicateJobs().evaluate(input(new FakeRun(), CheckResult.of("jobs",
                Verdict.VALID, fig, List.of())));
        assertThat(unmeasured.passed()).isFalse();
        assertThat(unmeasured.measured()).startsWith("not measured");
        assertThat(unmeasured.message()).contains("'executions'");

        fig.put("duplicates", 0L);
        assertThat(Slos.noDuplicateJobs().evaluate(input(new FakeRun(), CheckResult.of("jobs", Verdict.VALID, fig,
                List.of()))).passed()).isTrue();
    }

    @Test
    void rpoCountsLostWritesAndTheirAgeAtTheFailure() {
        FakeRun r = new FakeRun();
        r.at(1000);
        r.rec.record(Event.nemesis("failover", dev.firedrill.harness.fault.FaultPhase.REQUESTED, "db", "f1"));
        r.rec.record(Event.nemesis("failover", dev.firedrill.harness.fault.FaultPhase.EFFECTIVE, "db", "f1"));
        r.at(4000);
        r.rec.record(Event.nemesis("failover", dev.firedrill.harness.fault.FaultPhase.HEALED, "db", "f1"));
        Map<String, Object> fig = new LinkedHashMap<>();
        fig.put("lostWrites", 7L);
        fig.put("acknowledgedWrites", 300L);
        fig.put("firstLostAckMs", 400.0);
        SloVerdict v = Slos.rpoAtMost(5, Duration.ofSeconds(1)).evaluate(input(r, CheckResult.of("lost-writes",
                Verdict.INVALID, fig, List.of())));
        assertThat(v.passed()).isFalse();
        assertThat(v.measured()).isEqualTo("7 lost of 300 acknowledged; RPO 600 ms (12.0 s AWS-equivalent)");
        assertThat(v.message()).startsWith("7 acknowledged write(s) were lost in the failover (2 over the 5 allowed)");
    }

    @Test
    void servedOnlyByNeedsReadsFromTheSurvivorsAfterDetection() {
        FakeRun r = new FakeRun();
        op(r, "read", 1100, 1110, EventType.FAIL, 504, null);   // before detection (1000 + 90 s × 0.05 = 5500)
        op(r, "read", 6000, 6010, EventType.OK, 200, "app-2");
        op(r, "read", 7000, 7010, EventType.OK, 200, "app-2");
        r.fault("f1", 1000, 1000, 9000);
        assertThat(Slos.servedOnlyBy(List.of("app-2"), Duration.ofSeconds(90), 0.99).evaluate(input(r)).passed())
                .isTrue();
        SloVerdict v = Slos.servedOnlyBy(List.of("app-4"), Duration.ofSeconds(90), 0.99).evaluate(input(r));
        assertThat(v.passed()).isFalse();
        assertThat(v.message()).contains("2 answer(s) came from instances outside [app-4]");
    }
}
