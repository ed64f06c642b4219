package dev.firedrill.scenarios;

import static dev.firedrill.harness.junit.FiredrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.scenario.RunResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Built-in scenario {@code instance-loss}: kill -9 one of 3 instances under load. */
class InstanceLossScenarioIT {

    @Test
    void theAlbRoutesAroundTheDeadInstanceWithinItsDetectionWindowAndSessionsSurvive() {
        RunResult r = BuiltinScenario.run(BuiltinScenario.load("instance-loss"));

        assertThat(r).completedWithoutError().hasNoLostWrites().passedAllSlos();
    }

    @Test
    void sessionsKeptInInstanceMemoryDoNotSurviveAndTheSloSaysHowManyWereLost() {
        RunResult r = BuiltinScenario.run(BuiltinScenario.withAppEnv(BuiltinScenario.load("instance-loss"),
                "weak-memory-sessions", Map.of("SESSION_STORE", "memory")));

        SloVerdict v = BuiltinScenario.slo(r, "sessions survive");
        assertThat(v.failed()).as("sessions in instance memory are lost or unknown elsewhere").isTrue();
        assertThat(v.message()).as("the message counts the rejected sessions").containsPattern(
                "\\d+ of \\d+ session\\(s\\) made before the fault did not work after the heal");
    }
}
