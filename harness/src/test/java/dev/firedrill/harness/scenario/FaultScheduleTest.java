package dev.firedrill.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.fault.FaultSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {
    static final Fault CACHE = new Fault.CacheOutage(Fault.CacheMode.KILL);
    static final Fault PART = new Fault.Partition(List.of("app"), List.of("db-writer"), Fault.PartitionMode.REJECT, false);

    static Duration s(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    @Test
    void injectsAndHealsAreOrderedByTimeWithHealsFirstAtTheSameMoment() {
        List<FaultStep> steps = List.of(FaultStep.at(s(2), PART, s(3)), FaultStep.at(s(5), CACHE, s(1)),
                FaultStep.at(s(1), CACHE));
        List<FaultSchedule.Action> t = FaultSchedule.timeline(steps);
        assertThat(t).containsExactly(new FaultSchedule.Action(s(1), true, 2), new FaultSchedule.Action(s(2), true, 0),
                new FaultSchedule.Action(s(5), false, 0), new FaultSchedule.Action(s(5), true, 1),
                new FaultSchedule.Action(s(6), false, 1));
        assertThat(FaultSchedule.end(steps)).isEqualTo(s(6));
        assertThat(FaultSchedule.end(List.of())).isZero();
    }

    @Test
    void aSpecsForDurationBecomesTheHealTime() {
        FaultStep step = FaultStep.at(s(1), FaultSpec.of("replica-lag", "all", "2s", Map.of("mode", "pause")));
        assertThat(step.duration()).isEqualTo(s(2));
        assertThat(step.healAt()).isEqualTo(s(3));
        assertThat(FaultStep.at(s(1), CACHE).healAt()).as("healed in the final phase").isNull();
    }

    @Test
    void stepsAndScenariosRejectTimesThatCannotBeRun() {
        assertThatThrownBy(() -> FaultStep.at(s(-1), CACHE, s(1))).hasMessageContaining("cannot start before the run");
        assertThatThrownBy(() -> FaultStep.at(s(1), CACHE, Duration.ZERO)).hasMessageContaining("positive duration");
        assertThatThrownBy(() -> Scenario.named("x").duration(s(4)).fault(s(2), PART, s(3)).build())
                .hasMessageContaining("ends after the run's duration 4s");
        assertThatThrownBy(() -> Scenario.named("a b").build()).hasMessageContaining("names the report directory");
    }

    @Test
    void aScenarioIsImmutableAndItsBuilderCopiesIt() {
        Scenario a = Scenario.named("a").duration(s(10)).fault(s(1), PART, s(2)).seed(9).build();
        Scenario b = a.toBuilder().fault(s(5), CACHE, s(1)).build();
        assertThat(a.faults()).hasSize(1);
        assertThat(b.faults()).hasSize(2);
        assertThat(b.seed()).isEqualTo(9);
        assertThatThrownBy(() -> a.faults().add(FaultStep.at(s(1), CACHE))).isInstanceOf(UnsupportedOperationException.class);
    }
}
