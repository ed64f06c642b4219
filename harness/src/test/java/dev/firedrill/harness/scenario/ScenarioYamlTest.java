package dev.firedrill.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.workload.OpKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScenarioYamlTest {
    static final String YAML = """
            name: lag
            description: replay paused
            seed: 7
            topology: {timeScale: 0.05, fleet: {count: 2}}
            workload: {clients: 4, rate: 50, keys: 20, requestTimeout: 500ms, mix: {write: 2, read: 1}}
            warmup: 1s
            duration: 8s
            faults:
              - {at: 2s, kind: replica-lag, target: all, for: 2s, options: {mode: pause}}
            slos:
              - noLostWrites
              - writeRecoveryWithin: 5s
              - availabilityAtLeast: {op: read, fraction: 0.9}
            """;

    @Test
    void aScenarioFileBuildsTheScenario() {
        ScenarioYaml.Loaded l = ScenarioYaml.parse(YAML, "test");
        Scenario s = l.scenario();
        assertThat(l.description()).isEqualTo("replay paused");
        assertThat(s.seed()).isEqualTo(7);
        assertThat(s.topology().timeScale()).isEqualTo(0.05);
        assertThat(s.topology().fleet().count()).isEqualTo(2);
        assertThat(s.workload().mix()).containsEntry(OpKind.WRITE, 2).containsEntry(OpKind.READ, 1);
        assertThat(s.faults()).singleElement().satisfies(f -> {
            assertThat(f.at()).isEqualTo(Duration.ofSeconds(2));
            assertThat(f.duration()).isEqualTo(Duration.ofSeconds(2));
            assertThat(f.fault()).isInstanceOf(Fault.ReplicaLag.class);
        });
        assertThat(s.slos()).hasSize(3);
    }

    @Test
    void overridesStretchTheRunAndItsFaults() {
        Scenario s = ScenarioYaml.override(ScenarioYaml.parse(YAML, "test").scenario(), 0.2, 99L, 3.0);
        assertThat(s.topology().timeScale()).isEqualTo(0.2);
        assertThat(s.seed()).isEqualTo(99);
        assertThat(s.duration()).isEqualTo(Duration.ofSeconds(24));
        assertThat(s.faults().get(0).at()).isEqualTo(Duration.ofSeconds(6));
        assertThat(s.faults().get(0).duration()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void mistakesNameTheFieldAndTheFix() {
        assertThatThrownBy(() -> ScenarioYaml.parse(YAML.replace("noLostWrites", "noLostWritez"), "f.yaml"))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("slos[0]: unknown SLO 'noLostWritez'; did you "
                        + "mean 'noLostWrites'?");
        assertThatThrownBy(() -> ScenarioYaml.parse(YAML.replace("kind: replica-lag", "kind: replica-lagg"), "f.yaml"))
                .hasMessageContaining("faults[0].kind: unknown fault kind 'replica-lagg'; did you mean 'replica-lag'?");
        assertThatThrownBy(() -> ScenarioYaml.parse(YAML.replace("duration: 8s", "duration: 3s"), "f.yaml"))
                .hasMessageContaining("ends after the run's duration");
        assertThatThrownBy(() -> ScenarioYaml.parse(YAML.replace("warmup:", "warmpu:"), "f.yaml"))
                .hasMessageContaining("unknown field 'warmpu'; did you mean 'warmup'?");
        assertThatThrownBy(() -> ScenarioYaml.parse(YAML.replace("timeScale: 0.05", "timeScale: 5"), "f.yaml"))
                .hasMessageContaining("topology.timeScale: must be between");
        assertThatThrownBy(() -> ScenarioYaml.parse(YAML.replace("write: 2", "wrte: 2"), "f.yaml"))
                .hasMessageContaining("workload.mix.wrte");
        assertThatThrownBy(() -> ScenarioYaml.builtin("replica-lagg")).hasMessageContaining("did you mean 'replica-lag'?");
    }
}
