package dev.firedrill.scenarios;

import static dev.firedrill.harness.junit.FiredrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.scenario.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Built-in scenario {@code az-outage}: AZ us-east-1a lost, primary there fails over. */
class AzOutageScenarioIT {

    @Test
    void trafficIsServedByTheOtherAzAndThePrimaryFailsOver() {
        RunResult r = BuiltinScenario.run(BuiltinScenario.load("az-outage"));

        assertThat(r).completedWithoutError().passedAllSlos();
        assertThat(r.faults()).as("the AZ outage was injected and healed").hasSize(1);
    }

    @Test
    void aFleetInASingleAzHasNothingLeftToServeAndTheSloSaysSo() {
        RunResult r = BuiltinScenario.run(BuiltinScenario.withTopology(BuiltinScenario.load("az-outage"),
                "weak-single-az", t -> t.toBuilder().fleet(f -> f.withSubnets(List.of("private-a"))).build()));

        SloVerdict v = BuiltinScenario.slo(r, "traffic served by surviving instances");
        assertThat(v.failed()).as("all instances were in the lost AZ").isTrue();
        assertThat(v.message()).as("the message says nothing survived").contains("nothing survived the fault");
    }
}
