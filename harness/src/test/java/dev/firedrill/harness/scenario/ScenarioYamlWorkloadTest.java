package dev.firedrill.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.workload.OpKind;
import dev.firedrill.harness.workload.RateStep;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The workload's load steps and slow operations in scenario files. */
class ScenarioYamlWorkloadTest {
    static final String YAML = """
            name: step
            topology: {timeScale: 0.05, fleet: {count: 2}}
            workload: {rate: 50, requestTimeout: 1s, mix: {write: 2, slow: 1}, slowWork: 250ms,
                       steps: [{at: 4s, rate: 300}, {at: 12s, rate: 50}]}
            warmup: 2s
            duration: 20s
            """;

    private static Scenario parse(String yaml) {
        return ScenarioYaml.parse(yaml, "f.yaml").scenario();
    }

    @Test
    void stepsAndSlowWorkAreReadFromTheWorkload() {
        Scenario s = parse(YAML);
        assertThat(s.workload().opsPerSecond()).isEqualTo(50);
        assertThat(s.workload().steps()).containsExactly(new RateStep(Duration.ofSeconds(4), 300),
                new RateStep(Duration.ofSeconds(12), 50));
        assertThat(s.workload().slowWork()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.workload().mix()).containsEntry(OpKind.SLOW, 1);
    }

    @Test
    void withoutStepsOrSlowWorkTheWorkloadKeepsAConstantRateAnd300msSlowOperations() {
        Scenario s = parse(YAML.replace(", slowWork: 250ms", "")
                .replace("steps: [{at: 4s, rate: 300}, {at: 12s, rate: 50}]", "keys: 5"));
        assertThat(s.workload().steps()).isEmpty();
        assertThat(s.workload().slowWork()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void stretchingTheRunStretchesItsLoadSteps() {
        Scenario s = ScenarioYaml.override(parse(YAML), null, null, 2.0);
        assertThat(s.workload().steps()).extracting(RateStep::at)
                .containsExactly(Duration.ofSeconds(8), Duration.ofSeconds(24));
        assertThat(s.workload().steps()).extracting(RateStep::opsPerSecond).containsExactly(300.0, 50.0);
    }

    @Test
    void badStepsNameTheStepTheFieldAndTheFix() {
        assertThatThrownBy(() -> parse(YAML.replace("{at: 12s, rate: 50}", "{at: 3s, rate: 50}")))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("workload.steps[1].at: 3s must be later than steps[0].at 4s")
                .hasMessageContaining("in order of time");
        assertThatThrownBy(() -> parse(YAML.replace("{at: 12s, rate: 50}", "{at: 4s, rate: 50}")))
                .hasMessageContaining("workload.steps[1].at: 4s must be later");
        assertThatThrownBy(() -> parse(YAML.replace("rate: 300", "rate: 0")))
                .hasMessageContaining("workload.steps[0].rate: must be a positive number of operations per second, "
                        + "was 0; e.g. rate: 300");
        assertThatThrownBy(() -> parse(YAML.replace("rate: 300", "rate: -5")))
                .hasMessageContaining("workload.steps[0].rate: must be a positive number");
        assertThatThrownBy(() -> parse(YAML.replace("rate: 300", "rate: fast")))
                .hasMessageContaining("workload.steps[0].rate").hasMessageContaining("expected a number");
        assertThatThrownBy(() -> parse(YAML.replace("{at: 4s, rate: 300}", "{rate: 300}")))
                .hasMessageContaining("workload.steps[0].at: is required (time after the warm-up, e.g. 4s)");
        assertThatThrownBy(() -> parse(YAML.replace("{at: 4s, rate: 300}", "{at: 4s}")))
                .hasMessageContaining("workload.steps[0].rate: is required");
        assertThatThrownBy(() -> parse(YAML.replace("at: 4s", "at: 4")))
                .hasMessageContaining("workload.steps[0].at").hasMessageContaining("has no unit; write e.g. 4s");
        assertThatThrownBy(() -> parse(YAML.replace("at: 4s", "at: -4s")))
                .hasMessageContaining("workload.steps[0].at").hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> parse(YAML.replace("{at: 4s, rate: 300}", "{at: 4s, rat: 300}")))
                .hasMessageContaining("workload.steps[0].rat: unknown field 'rat'");
        assertThatThrownBy(() -> parse(YAML.replace("steps: [{at: 4s, rate: 300}, {at: 12s, rate: 50}]",
                "steps: {at: 4s, rate: 300}")))
                .hasMessageContaining("workload.steps").hasMessageContaining("expected a list");
    }

    @Test
    void aStepAfterTheRunEndsIsRejectedBecauseItWouldNeverTakeEffect() {
        assertThatThrownBy(() -> parse(YAML.replace("at: 12s", "at: 20s")))
                .hasMessageContaining("workload.steps[1].at: 20s is not before the run ends (duration 20s")
                .hasMessageContaining("move it earlier or lengthen the run");
    }

    @Test
    void slowWorkOutsideItsRangeOrNotShorterThanTheRequestTimeoutIsRejected() {
        assertThatThrownBy(() -> parse(YAML.replace("slowWork: 250ms", "slowWork: 61s")))
                .hasMessageContaining("workload: slowWork must be 1ms..60s");
        assertThatThrownBy(() -> parse(YAML.replace("slowWork: 250ms", "slowWork: 0ms")))
                .hasMessageContaining("workload: slowWork must be 1ms..60s");
        assertThatThrownBy(() -> parse(YAML.replace("slowWork: 250ms", "slowWork: 1s")))
                .hasMessageContaining("workload.slowWork: 1s is not shorter than workload.requestTimeout 1s")
                .hasMessageContaining("raise requestTimeout (e.g. requestTimeout: 3s)");
        assertThat(parse(YAML.replace("slowWork: 250ms", "slowWork: 1s").replace("slow: 1", "slow: 0"))
                .workload().slowWork()).as("without slow operations slowWork is not used").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void slowNeedsNothingFromTheTopologyAndUnknownOperationsListIt() {
        Scenario s = parse(YAML.replace("topology: {timeScale: 0.05, fleet: {count: 2}}",
                "topology: {timeScale: 0.05, fleet: {count: 1}, cache: null, queues: []}")
                .replace("write: 2, slow: 1", "slow: 1"));
        assertThat(s.workload().mix()).containsOnlyKeys(OpKind.SLOW);
        assertThatThrownBy(() -> parse(YAML.replace("slow: 1", "slwo: 1")))
                .hasMessageContaining("workload.mix.slwo").hasMessageContaining("enqueue, slow");
        assertThat(List.of(OpKind.values())).contains(OpKind.SLOW);
    }
}
