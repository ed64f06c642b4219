package dev.firedrill.scenarios;

import static dev.firedrill.harness.junit.FiredrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.fault.FaultSpec;
import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.scenario.FaultStep;
import dev.firedrill.harness.scenario.RunResult;
import dev.firedrill.harness.scenario.Scenario;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code instance-loss}, {@code failover} and {@code partition} on the containers backend: the same YAML, the same
 * SLOs green, with every component a container (the reference app on the JRE image); and each weakened variant
 * fails with the SLO and the margin, as on embedded. Skipped without a Docker engine unless
 * {@code FIREDRILL_REQUIRE_DOCKER=true} (CI).
 */
class ContainersScenariosIT {

    static Scenario onContainers(String name) {
        Scenario s = BuiltinScenario.load(name);
        return BuiltinScenario.withTopology(s, "containers", t -> t.toBuilder().backend("containers").build());
    }

    static Scenario weakened(Scenario s, String label, Map<String, String> env) {
        Scenario w = BuiltinScenario.withAppEnv(s, label, env);
        return BuiltinScenario.withTopology(w, "c", t -> t.toBuilder().backend("containers").build());
    }

    @Test
    void instanceLossKeepsTheAlbServingAndSessionsSurvive() {
        Scenario s = onContainers("instance-loss");
        ContainersEngine.assumeReady(s.topology());
        RunResult r = BuiltinScenario.run(s);

        assertThat(r).completedWithoutError().hasNoLostWrites().passedAllSlos();
    }

    @Test
    void instanceLossWithSessionsInInstanceMemoryFailsTheSessionSlo() {
        Scenario s = weakened(BuiltinScenario.load("instance-loss"), "weak-memory-sessions",
                Map.of("SESSION_STORE", "memory"));
        ContainersEngine.assumeReady(s.topology());
        RunResult r = BuiltinScenario.run(s);

        SloVerdict v = BuiltinScenario.slo(r, "sessions survive");
        assertThat(v.failed()).as("sessions in instance memory are lost with the container").isTrue();
        assertThat(v.message()).containsPattern(
                "\\d+ of \\d+ session\\(s\\) made before the fault did not work after the heal");
    }

    @Test
    void failoverPromotesTheReplicaContainerAndWritesResume() {
        Scenario s = onContainers("failover");
        ContainersEngine.assumeReady(s.topology());
        RunResult r = BuiltinScenario.run(s);

        assertThat(r).completedWithoutError().passedAllSlos();
        assertThat(r.outages("write").get(0).recovered()).as("writes resumed on the promoted replica").isTrue();
    }

    @Test
    void failoverFromAThrottledReplicaLosesWritesBeyondTheRpo() {
        Scenario s = BuiltinScenario.rename(onContainers("failover"), "weak-throttled-replication").toBuilder()
                .fault(FaultStep.at(Duration.ZERO, FaultSpec.of("replica-lag", "all", null,
                        Map.of("mode", "throttle", "rate", "1"))))
                .build();
        ContainersEngine.assumeReady(s.topology());
        RunResult r = BuiltinScenario.run(s);

        SloVerdict v = BuiltinScenario.slo(r, "failover RPO");
        assertThat(v.failed()).as("a lagging replica loses acknowledged writes at promotion").isTrue();
        assertThat(v.message()).containsPattern(
                "\\d+ acknowledged write\\(s\\) were lost in the failover \\(\\d+ over the 5 allowed\\)");
    }

    @Test
    void partitionFailsWritesFastAndTheyRecover() {
        Scenario s = onContainers("partition");
        ContainersEngine.assumeReady(s.topology());
        RunResult r = BuiltinScenario.run(s);

        assertThat(r).completedWithoutError().hasNoLostWrites().passedAllSlos();
    }

    @Test
    void partitionWithoutBreakersHangsWritesAndTheSloSaysByHowMuch() {
        Scenario s = weakened(BuiltinScenario.load("partition"), "weak-no-breaker",
                Map.of("BREAKERS_ENABLED", "false", "DB_TIMEOUT_MS", "5000"));
        ContainersEngine.assumeReady(s.topology());
        RunResult r = BuiltinScenario.run(s);

        SloVerdict v = BuiltinScenario.slo(r, "write fails fast");
        assertThat(v.failed()).as("writes waiting for a 5 s DB timeout do not fail fast").isTrue();
        assertThat(v.message()).containsPattern("ms over the 100 ms bound");
    }
}
