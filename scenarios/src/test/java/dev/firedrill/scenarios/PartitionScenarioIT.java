package dev.firedrill.scenarios;

import static dev.firedrill.harness.junit.FiredrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.scenario.RunResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Built-in scenario {@code partition}: app instances cut from the writer for 10 s. */
class PartitionScenarioIT {

    @Test
    void writesFailFastThroughTheBreakerReadsContinueAndWritesRecoverAfterHeal() {
        RunResult r = BuiltinScenario.run(BuiltinScenario.load("partition"));

        assertThat(r).completedWithoutError().hasNoLostWrites().passedAllSlos();
    }

    @Test
    void withoutCircuitBreakersAndWithLongDbTimeoutsWritesHangAndTheSloSaysByHowMuch() {
        RunResult r = BuiltinScenario.run(BuiltinScenario.withAppEnv(BuiltinScenario.load("partition"),
                "weak-no-breaker", Map.of("BREAKERS_ENABLED", "false", "DB_TIMEOUT_MS", "5000")));

        SloVerdict v = BuiltinScenario.slo(r, "write fails fast");
        assertThat(v.failed()).as("writes waiting for a 5 s DB timeout do not fail fast").isTrue();
        assertThat(v.message()).as("the message says how far over the bound").containsPattern(
                "ms over the 100 ms bound");
    }
}
