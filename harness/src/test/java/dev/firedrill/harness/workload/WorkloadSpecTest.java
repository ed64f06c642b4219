package dev.firedrill.harness.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadSpecTest {

    @Test
    void withersReturnChangedCopiesAndLeaveTheOriginalAlone() {
        WorkloadSpec d = WorkloadSpec.defaults();
        WorkloadSpec w = d.withRate(250).withClients(3).withKeys(7).withRequestTimeout(Duration.ofMillis(400))
                .only(OpKind.WRITE, OpKind.READ);
        assertThat(w.opsPerSecond()).isEqualTo(250);
        assertThat(w.clients()).isEqualTo(3);
        assertThat(w.keys()).isEqualTo(7);
        assertThat(w.requestTimeout()).isEqualTo(Duration.ofMillis(400));
        assertThat(w.mix()).containsOnlyKeys(OpKind.WRITE, OpKind.READ);
        assertThat(d.opsPerSecond()).isEqualTo(100);
        assertThat(d.mix()).hasSize(6);
    }

    @Test
    void invalidValuesAreRejectedWithTheFieldAndTheRange() {
        WorkloadSpec d = WorkloadSpec.defaults();
        assertThatThrownBy(() -> d.withClients(0)).hasMessageContaining("clients must be 1..10000");
        assertThatThrownBy(() -> d.withKeys(0)).hasMessageContaining("keys must be ≥ 1");
        assertThatThrownBy(() -> d.withMix(Map.of(OpKind.WRITE, 0))).hasMessageContaining("at least one operation");
        assertThatThrownBy(() -> d.withMix(Map.of(OpKind.WRITE, -1))).hasMessageContaining("weight of write");
        assertThatThrownBy(() -> d.withRequestTimeout(Duration.ZERO)).hasMessageContaining("requestTimeout");
    }

    @Test
    void operationsParseFromTheirHistoryNames() {
        assertThat(OpKind.parse("consistent_read")).isEqualTo(OpKind.CONSISTENT_READ);
        assertThat(OpKind.parse("ENQUEUE")).isEqualTo(OpKind.ENQUEUE);
        assertThatThrownBy(() -> OpKind.parse("delete")).hasMessageContaining("expected one of write")
                .hasMessageContaining("enqueue, slow");
        assertThat(OpKind.parse("slow")).isEqualTo(OpKind.SLOW);
        assertThat(OpKind.SLOW.wire()).isEqualTo("slow");
    }

    @Test
    void stepsAndSlowWorkAreKeptByEveryWither() {
        List<RateStep> steps = List.of(new RateStep(Duration.ofSeconds(4), 300), new RateStep(Duration.ofSeconds(12), 50));
        WorkloadSpec w = WorkloadSpec.defaults().withSteps(steps).withSlowWork(Duration.ofMillis(750))
                .withRate(50).withClients(3).withKeys(7).withRequestTimeout(Duration.ofSeconds(2))
                .withJobWork(Duration.ofMillis(5)).only(OpKind.WRITE, OpKind.SLOW);
        assertThat(w.steps()).isEqualTo(steps);
        assertThat(w.slowWork()).isEqualTo(Duration.ofMillis(750));
        assertThat(w.opsPerSecond()).as("withRate sets the base rate, before the first step").isEqualTo(50);
        assertThat(w.schedule().rateAt(5_000_000_000L)).isEqualTo(300);
        assertThat(w.withSteps(List.of()).steps()).isEmpty();
        WorkloadSpec d = WorkloadSpec.defaults();
        assertThat(d.steps()).isEmpty();
        assertThat(d.slowWork()).isEqualTo(Duration.ofMillis(300));
        assertThat(d.mix()).doesNotContainKey(OpKind.SLOW);
    }

    @Test
    void theStepsListIsCopiedSoTheSpecStaysImmutable() {
        List<RateStep> steps = new ArrayList<>(List.of(new RateStep(Duration.ofSeconds(1), 10)));
        WorkloadSpec w = WorkloadSpec.defaults().withSteps(steps);
        steps.add(new RateStep(Duration.ofSeconds(2), 20));
        assertThat(w.steps()).hasSize(1);
        assertThatThrownBy(() -> w.steps().add(new RateStep(Duration.ofSeconds(3), 5)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theScheduleForAWarmUpRunsTheBaseRateThroughItAndTheStepsAfterIt() {
        WorkloadSpec w = WorkloadSpec.defaults().withRate(50).withSteps(List.of(new RateStep(Duration.ofSeconds(4), 300)));
        RateSchedule s = w.schedule(Duration.ofSeconds(2));
        assertThat(s.rateAt(5_999_999_999L)).isEqualTo(50);
        assertThat(s.rateAt(6_000_000_000L)).as("a step at 4 s after a 2 s warm-up").isEqualTo(300);
        assertThat(w.schedule().rateAt(4_000_000_000L)).as("on the steps' own clock").isEqualTo(300);
    }

    @Test
    void badStepsAndSlowWorkNameTheFieldTheValueAndTheRange() {
        WorkloadSpec d = WorkloadSpec.defaults();
        assertThatThrownBy(() -> d.withSteps(List.of(new RateStep(Duration.ofSeconds(5), 10),
                new RateStep(Duration.ofSeconds(3), 20))))
                .hasMessageContaining("steps[1].at: 3s must be later than steps[0].at 5s");
        assertThatThrownBy(() -> d.withSlowWork(Duration.ZERO)).hasMessageContaining("slowWork must be 1ms..60s")
                .hasMessageContaining("was PT0S");
        assertThatThrownBy(() -> d.withSlowWork(Duration.ofSeconds(61))).hasMessageContaining("slowWork must be 1ms..60s");
        assertThat(d.withSlowWork(Duration.ofSeconds(60)).slowWork()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.withSlowWork(Duration.ofMillis(1)).slowWork()).isEqualTo(Duration.ofMillis(1));
    }
}
