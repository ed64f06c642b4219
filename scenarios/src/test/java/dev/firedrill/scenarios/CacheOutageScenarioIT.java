package dev.firedrill.scenarios;

import static dev.firedrill.harness.junit.FiredrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.scenario.RunResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Built-in scenario {@code cache-outage}: Redis unreachable for 10 s. */
class CacheOutageScenarioIT {

    @Test
    void itemsAreServedFromTheDatabaseAndSessionCallsFailClearlyUntilTheHeal() {
        RunResult r = BuiltinScenario.run(BuiltinScenario.load("cache-outage"));

        assertThat(r).completedWithoutError().hasNoLostWrites().passedAllSlos();
    }

    @Test
    void withoutBreakersAndWithALongRedisTimeoutSessionCallsHangAndTheSloSaysHowMany() {
        RunResult r = BuiltinScenario.run(BuiltinScenario.withAppEnv(BuiltinScenario.load("cache-outage"),
                "weak-no-breaker", Map.of("BREAKERS_ENABLED", "false", "REDIS_TIMEOUT_MS", "5000")));

        SloVerdict v = BuiltinScenario.slo(r, "me fails clearly");
        assertThat(v.failed()).as("/me waiting 5 s for Redis is not a clear failure").isTrue();
        assertThat(v.message()).as("the message counts the unclear failures").containsPattern(
                "\\d+ of \\d+ failed me during a fault did not answer 503 within 900 ms");
    }
}
