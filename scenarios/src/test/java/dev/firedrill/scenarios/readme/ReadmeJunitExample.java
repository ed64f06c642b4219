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
 * The JUnit example of the top-level README, kept here so that it compiles with every build (the README snippet
 * is this class minus this comment). Its name matches neither Surefire's nor Failsafe's patterns, so it is
 * compiled, not run: FailoverScenarioIT runs the same ground on the real topology.
 */
@FiredrillTopology(timeScale = 0.05, instances = 2)
class ReadmeJunitExample {
    @Test
    void writesComeBackOnThePromotedReplica(Drill drill) {
        RunResult r = drill.run(drill.scenario("failover-drill")
                .fault(Duration.ofSeconds(3), FaultSpec.of("failover", "primary", null, Map.of()))
                .duration(Duration.ofSeconds(12)).build());
        FiredrillAssertions.assertThat(r).hasNoLostWrites().recoveredWithin(Duration.ofSeconds(5));
    }
}
