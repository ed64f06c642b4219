package dev.firedrill.scenarios;

import static dev.firedrill.harness.junit.FiredrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.scenario.RunResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Built-in scenario {@code replica-lag}: replay paused 5 s; stale reads only on the reader pool. */
class ReplicaLagScenarioIT {

    @Test
    void staleReadsAppearOnlyOnReaderPoolReadsAndNoneOnConsistentReads() {
        RunResult r = BuiltinScenario.run(BuiltinScenario.load("replica-lag"));

        assertThat(r).completedWithoutError().hasStaleReads().passedAllSlos();
    }

    @Test
    void withoutAConsistentReadPathConsistentReadsGoStaleAndTheSloSaysByHowMuch() {
        RunResult r = BuiltinScenario.run(BuiltinScenario.withAppEnv(BuiltinScenario.load("replica-lag"),
                "weak-consistent-from-reader", Map.of("CONSISTENT_READS_FROM", "reader")));

        SloVerdict v = BuiltinScenario.slo(r, "no stale consistent reads");
        assertThat(v.failed()).as("consistent reads served by a paused replica must break the SLO").isTrue();
        assertThat(v.message()).as("the message counts the stale consistent reads").containsPattern(
                "\\d+ consistent read\\(s\\) returned an older version");
    }
}
