package dev.firedrill.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuiltinScenariosTest {
    @Test
    void everyBuiltInScenarioPassesTheChecksMadeBeforeDeploying() {
        for (String name : ScenarioYaml.BUILTIN_NAMES) {
            assertThat(ScenarioYaml.builtin(name).scenario().name()).as(name).isEqualTo(name);
        }
    }
}
