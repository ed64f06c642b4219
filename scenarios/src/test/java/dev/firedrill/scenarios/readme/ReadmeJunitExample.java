package dev.firedrill.scenarios.readme;

import dev.firedrill.harness.fault.FaultSpec;
import dev.firedrill.harness.junit.Drill;
import dev.firedrill.harness.junit.FiredrillAssertions;
import dev.firedrill.harness.junit.FiredrillTopology;
import dev.firedrill.harness.scenario.RunResult;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JUnit example of the top-level README, kept here so that it compiles with every build; the harness's
 * ReadmeSnippetsTest fails when the README's block differs from the region {@code readme-junit}. The example is
 * an inner class, so it is compiled, never run: Surefire and Failsafe skip nested classes by default, the holder's
 * name matches neither's patterns, and JUnit runs a non-static inner class only when it is {@code @Nested}.
 * FailoverScenarioIT runs the same ground on the real topology.
 */
class ReadmeJunitExample {
    // snippet:start readme-junit
    @FiredrillTopology(timeScale = 0.05, instances = 2)
    class CheckoutSurvivesFailoverIT {
        @Test
        void writesComeBackOnThePromotedReplica(Drill drill) {
            RunResult r = drill.run(drill.scenario("failover-drill")
                    .fault(Duration.ofSeconds(3), FaultSpec.of("failover", "primary", null, Map.of()))
                    .duration(Duration.ofSeconds(12)).build());
            FiredrillAssertions.assertThat(r).hasNoLostWrites().recoveredWithin(Duration.ofSeconds(5));
        }
    }
    // snippet:end readme-junit
}
