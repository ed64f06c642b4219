package dev.firedrill.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.check.Verdict;
import dev.firedrill.harness.report.SloVerdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlosTest {
    static final SloInput OUTAGE = input(MeasuresTest.writesWithOutage(1500, 4500).fault("f1", 1500, 1500, 4500),
            List.of());

    static SloInput input(FakeRun r, List<CheckResult> checks) {
        return new SloInput(r.history(), checks, 0.05);
    }

    @Test
    void recoveryWithinPassesWhenTheOutageFitsAndSaysByHowMuchWhenNot() {
        assertThat(Slos.writeRecoveryWithin(Duration.ofMillis(3100)).evaluate(OUTAGE).passed()).isTrue();
        SloVerdict v = Slos.writeRecoveryWithin(Duration.ofMillis(2000)).evaluate(OUTAGE);
        assertThat(v.passed()).isFalse();
        assertThat(v.measured()).startsWith("3010 ms");
        assertThat(v.message()).contains("1010 ms over the 2000 ms bound");
    }

    @Test
    void awsEquivalentBoundsAreScaledByTheTimeScale() {
        // 60 s AWS × 0.05 = 3000 ms rehearsed: a 3010 ms outage breaks it by 10 ms
        SloVerdict v = Slos.writeRecoveryWithinAwsEquivalent(Duration.ofSeconds(60)).evaluate(OUTAGE);
        assertThat(v.passed()).isFalse();
        assertThat(v.expected()).contains("60000 ms AWS-equivalent");
        assertThat(v.measured()).contains("60200 ms AWS-equivalent");
        assertThat(Slos.writeRecoveryWithinAwsEquivalent(Duration.ofSeconds(61)).evaluate(OUTAGE).passed()).isTrue();
    }

    @Test
    void outageMatchesAcceptsTheToleranceAndNoMore() {
        assertThat(Slos.outageMatches("write", Duration.ofSeconds(3), Duration.ofMillis(150)).evaluate(OUTAGE)
                .passed()).isTrue();
        SloVerdict v = Slos.outageMatches("write", Duration.ofSeconds(2), Duration.ofMillis(150)).evaluate(OUTAGE);
        assertThat(v.passed()).isFalse();
        assertThat(v.message()).contains("1010 ms off the expected 2000 ms");
    }

    @Test
    void availabilityQuotesTheMeasuredFigureAndTheShortfall() {
        SloVerdict v = Slos.availabilityAtLeast("write", 0.99).evaluate(OUTAGE);
        assertThat(v.passed()).isFalse();
        assertThat(v.measured()).isEqualTo("50.000 %");
        assertThat(v.message()).contains("49.000 points below 99.000 %");
        assertThat(Slos.availabilityAtLeast(0.4).evaluate(OUTAGE).passed()).isTrue();
    }

    @Test
    void p99BelowJudgesOkLatency() {
        assertThat(Slos.p99Below("write", Duration.ofMillis(3)).evaluate(OUTAGE).passed()).isTrue();
        SloVerdict v = Slos.p99Below("write", Duration.ofMillis(1)).evaluate(OUTAGE);
        assertThat(v.passed()).isFalse();
        assertThat(v.message()).contains("p99 2.0 ms is 1.0 ms over the 1 ms bound");
    }

    @Test
    void checkBasedSlosReadTheCheckersFiguresAndFailWhenTheCheckerCouldNotDecide() {
        FakeRun r = new FakeRun();
        CheckResult lost = CheckResult.of("lost-writes", Verdict.INVALID,
                Map.of("lostWrites", 2, "acknowledgedWrites", 40), List.of("write k3 v7"));
        CheckResult stale = CheckResult.of("stale-reads", Verdict.VALID, Map.of("strictStaleReads", 0), List.of());
        SloInput in = input(r, List.of(lost, stale));
        SloVerdict v = Slos.noLostWrites().evaluate(in);
        assertThat(v.passed()).isFalse();
        assertThat(v.measured()).isEqualTo("2 lost of 40 acknowledged");
        assertThat(Slos.noStaleConsistentReads().evaluate(in).passed()).isTrue();
        SloVerdict unknown = Slos.noLostWrites().evaluate(input(r,
                List.of(CheckResult.unknown("lost-writes", "no final state: provide finalState"))));
        assertThat(unknown.passed()).isFalse();
        assertThat(unknown.message()).contains("provide finalState");
    }

    @Test
    void aThrowingCustomSloFailsInsteadOfBreakingTheRun() {
        Slo s = Slos.of("boom", "never", in -> {
            throw new IllegalStateException("bad figure");
        });
        SloVerdict v = s.evaluate(OUTAGE);
        assertThat(v.passed()).isFalse();
        assertThat(v.message()).contains("bad figure");
    }
}
