package dev.firedrill.scenarios;

import static dev.firedrill.harness.junit.FiredrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.fault.FaultSpec;
import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.scenario.FaultStep;
import dev.firedrill.harness.scenario.Outage;
import dev.firedrill.harness.scenario.RunResult;
import dev.firedrill.harness.scenario.Scenario;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Built-in scenario {@code failover}: primary killed, replica promoted after the RDS Multi-AZ delay (scaled). */
class FailoverScenarioIT {

    @Test
    void writesResumeOnThePromotedReplicaAndTheRpoIsReported() {
        RunResult r = BuiltinScenario.run(BuiltinScenario.load("failover"));

        Outage o = r.outages("write").get(0);
        System.out.printf(Locale.ROOT, "failover: write outage %.0f ms rehearsed = %.1f s AWS-equivalent "
                + "(time scale %s); RPO %s%n", o.durationMs(), o.durationMs() / 1000 / r.timeScale(), r.timeScale(),
                BuiltinScenario.slo(r, "failover RPO").measured());
        assertThat(r).completedWithoutError().passedAllSlos();
        assertThat(o.recovered()).as("writes resumed on the promoted replica").isTrue();
    }

    @Test
    void aReplicaBehindAThrottledReplicationLinkLosesAcknowledgedWritesBeyondTheRpo() {
        Scenario base = BuiltinScenario.load("failover");
        // the replication link limited to 1 KB/s from the start: the replica falls behind before the failover
        Scenario weak = BuiltinScenario.rename(base, "weak-throttled-replication").toBuilder()
                .fault(FaultStep.at(Duration.ZERO, FaultSpec.of("replica-lag", "all", null,
                        Map.of("mode", "throttle", "rate", "1"))))
                .build();
        RunResult r = BuiltinScenario.run(weak);

        SloVerdict v = BuiltinScenario.slo(r, "failover RPO");
        assertThat(v.failed()).as("a lagging replica loses acknowledged writes at promotion").isTrue();
        assertThat(v.message()).as("the message counts the lost writes").containsPattern(
                "\\d+ acknowledged write\\(s\\) were lost in the failover \\(\\d+ over the 5 allowed\\)");
    }
}
