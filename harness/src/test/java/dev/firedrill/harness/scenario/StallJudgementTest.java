package dev.firedrill.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.history.Stalls;
import dev.firedrill.harness.report.SloVerdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Timing SLOs on a busy machine: evidence measured while the harness could not keep time decides nothing. */
class StallJudgementTest {

    private static SloInput input(FakeRun r) {
        return new SloInput(r.history(), List.of(), 0.05);
    }

    private static FakeRun op(FakeRun r, String f, double from, double to, EventType type, int status) {
        return ResilienceSlosTest.op(r, f, from, to, type, status, status == 0 ? null : "app-1");
    }

    @Test
    void pausesBelowTheBoundAreNotStallsAndLongerOnesCoverTheTimeTheHarnessWasFrozen() {
        FakeRun r = new FakeRun().pause(1000, 40).pause(3000, 820);
        Stalls s = Stalls.of(r.history());
        assertThat(s.all()).hasSize(1);
        assertThat(s.all().get(0).fromNanos()).isEqualTo(2_180_000_000L);
        assertThat(s.all().get(0).describe()).isEqualTo("the harness paused 820 ms at 3.0 s");
        assertThat(s.taints(2_500_000_000L, 2_600_000_000L)).isTrue();
        assertThat(s.taints(1_000_000_000L, 2_100_000_000L)).isFalse();
    }

    @Test
    void contendedCpuIntervalsBecomeOneStallAndQuietOnesDoNot() {
        FakeRun r = new FakeRun().pressure(0, 500, 20).pressure(500, 1000, 90).pressure(1000, 1500, 95);
        Stalls s = Stalls.of(r.history());
        assertThat(s.all()).singleElement().satisfies(x -> {
            assertThat(x.cause()).isEqualTo("cpu-contention");
            assertThat(x.fromNanos()).isEqualTo(500_000_000L);
            assertThat(x.toNanos()).isEqualTo(1_500_000_000L);
            assertThat(x.figure()).isEqualTo(95.0);
        });
    }

    @Test
    void pressureFromTheStacksOwnWorkIsNotContention() {
        FakeRun r = new FakeRun().pressure(0, 500, 95, 2).pressure(500, 1000, 90, 35);
        Stalls s = Stalls.of(r.history());
        assertThat(s.all()).as("only the interval in which others took 35 % of the CPUs").singleElement()
                .satisfies(x -> assertThat(x.fromNanos()).isEqualTo(500_000_000L));
    }

    @Test
    void aTimeoutMeasuredDuringAHarnessPauseMakesFailsClearlyInconclusiveNotFailed() {
        FakeRun r = new FakeRun();
        op(r, "enqueue", 1100, 1150, EventType.FAIL, 503);
        op(r, "enqueue", 1200, 2400, EventType.INFO, 0); // timed out: the harness was frozen 1.1 s meanwhile
        r.pause(2300, 1100);
        r.fault("f1", 1000, 1000, 3000);
        SloVerdict v = Slos.failsClearly("enqueue", 503, Duration.ofMillis(900)).evaluate(input(r));
        assertThat(v.outcome()).isEqualTo(SloVerdict.Outcome.INCONCLUSIVE);
        assertThat(v.inconclusive()).contains("the harness paused 1100 ms at 2.3 s").contains("none in clean time");
    }

    @Test
    void aBrokenStackStillFailsWhenItsFailureIsClearOutsideTheStalls() {
        FakeRun r = new FakeRun();
        op(r, "enqueue", 1200, 2400, EventType.INFO, 0); // in the pause: not evidence
        op(r, "enqueue", 2600, 3600, EventType.INFO, 0); // clean time: evidence
        r.pause(2300, 1100);
        r.fault("f1", 1000, 1000, 5000);
        SloVerdict v = Slos.failsClearly("enqueue", 503, Duration.ofMillis(900)).evaluate(input(r));
        assertThat(v.outcome()).isEqualTo(SloVerdict.Outcome.FAILED);
        assertThat(v.message()).startsWith("1 of 2 failed enqueue during a fault did not answer 503");
    }

    @Test
    void anOutageAcrossAStallIsInconclusiveUnlessItsMarginIsLargerThanTheStall() {
        FakeRun r = new FakeRun();
        op(r, "write", 900, 950, EventType.OK, 200);
        op(r, "write", 1100, 1150, EventType.FAIL, 503);
        op(r, "write", 3400, 3450, EventType.OK, 200); // outage 950 → 3450 = 2500 ms
        r.fault("f1", 1000, 1000, 3000);
        r.pause(3400, 600);
        SloVerdict close = Slos.recoveryWithin("write", Duration.ofMillis(2200)).evaluate(input(r));
        assertThat(close.outcome()).as("2500 ms vs 2200 ms, but 600 ms of it the harness was frozen")
                .isEqualTo(SloVerdict.Outcome.INCONCLUSIVE);
        SloVerdict far = Slos.recoveryWithin("write", Duration.ofMillis(1000)).evaluate(input(r));
        assertThat(far.outcome()).as("2500 ms − 600 ms is still over 1000 ms").isEqualTo(SloVerdict.Outcome.FAILED);
        SloVerdict roomy = Slos.recoveryWithin("write", Duration.ofMillis(5000)).evaluate(input(r));
        assertThat(roomy.outcome()).as("2500 ms + 600 ms is within 5000 ms").isEqualTo(SloVerdict.Outcome.PASSED);
    }

    @Test
    void aGroundTruthOutageIsValidOnlyWhenNoStallCouldHaveMovedIt() {
        FakeRun quiet = new FakeRun();
        op(quiet, "write", 900, 990, EventType.OK, 200);
        op(quiet, "write", 4000, 4010, EventType.OK, 200);
        op(quiet, "write", 4100, 4110, EventType.OK, 200);
        quiet.fault("f1", 1000, 1000, 4000);
        Slo matches = Slos.outageMatches("write", Duration.ofSeconds(3), Duration.ofMillis(150));
        assertThat(matches.evaluate(input(quiet)).outcome()).isEqualTo(SloVerdict.Outcome.PASSED);

        FakeRun busy = new FakeRun();
        op(busy, "write", 900, 1890, EventType.OK, 200); // its completion was seen 900 ms late
        op(busy, "write", 4000, 4010, EventType.OK, 200);
        op(busy, "write", 4100, 4110, EventType.OK, 200);
        busy.fault("f1", 1000, 1000, 4000);
        busy.pause(1890, 900);
        SloVerdict v = matches.evaluate(input(busy));
        assertThat(v.outcome()).as("2120 ms measured, but a 900 ms pause sits on its start")
                .isEqualTo(SloVerdict.Outcome.INCONCLUSIVE);
        assertThat(v.passed()).isFalse();
    }

    @Test
    void availabilityBrokenOnlyByFailuresInAStallIsInconclusive() {
        FakeRun r = new FakeRun();
        for (int i = 0; i < 20; i++) {
            op(r, "read", 100 + i * 10, 105 + i * 10, EventType.OK, 200);
        }
        op(r, "read", 500, 1500, EventType.FAIL, 0);
        r.pressure(400, 900, 97);
        Slo slo = Slos.availabilityAtLeast("read", 0.99);
        SloVerdict v = slo.evaluate(input(r));
        assertThat(v.outcome()).isEqualTo(SloVerdict.Outcome.INCONCLUSIVE);
        assertThat(v.inconclusive()).contains("100.000 %").contains("CPUs were contended");
        assertThat(slo.evaluate(new SloInput(r.history(), List.of(), 0.05, Stalls.none())).outcome())
                .as("the same history judged without the stall").isEqualTo(SloVerdict.Outcome.FAILED);
    }

    @Test
    void anSloThatCannotBeMeasuredIsInconclusiveNotFailed() {
        SloVerdict v = Slos.noLostWrites().evaluate(input(new FakeRun()));
        assertThat(v.outcome()).isEqualTo(SloVerdict.Outcome.INCONCLUSIVE);
        assertThat(v.inconclusive()).startsWith("cannot judge");
    }

    @Test
    void aStackFailingBeforeTheFirstFaultIsNamedAsSuch() {
        FakeRun r = new FakeRun();
        for (int i = 0; i < 12; i++) {
            op(r, "write", 100 + i * 50, 120 + i * 50, EventType.FAIL, 500);
        }
        r.fault("f1", 1000, 1000, 2000);
        assertThat(BeforeFaults.problem(r.history())).startsWith("the stack was already failing before the first "
                + "fault: 12 of 12 operations");
        FakeRun healthy = new FakeRun();
        for (int i = 0; i < 12; i++) {
            op(healthy, "write", 100 + i * 50, 120 + i * 50, EventType.OK, 200);
        }
        healthy.fault("f1", 1000, 1000, 2000);
        assertThat(BeforeFaults.problem(healthy.history())).isNull();
    }
}
