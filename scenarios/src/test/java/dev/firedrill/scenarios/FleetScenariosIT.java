package dev.firedrill.scenarios;

import static dev.firedrill.harness.junit.FiredrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.harness.fleet.DeploySpec;
import dev.firedrill.harness.fleet.DeployStrategy;
import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.scenario.DeployStep;
import dev.firedrill.harness.scenario.RunResult;
import dev.firedrill.harness.scenario.Scenario;
import dev.firedrill.harness.topology.AutoScaling;
import dev.firedrill.harness.topology.LoadBalancer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fleet's built-in scenarios (an Auto Scaling group behind the ALB, deployments): each green, and each weakened
 * variant failing the SLO it is about, with the margin in the message.
 */
class FleetScenariosIT {

    private static Scenario withDeregistrationDelay(Scenario s, String label, Duration delay) {
        return BuiltinScenario.withTopology(s, label, t -> {
            return t.toBuilder().loadBalancer(lb -> new LoadBalancer(lb.name(), lb.subnets(), lb.securityGroup(),
                    lb.listenerPort(), lb.targetPort(), lb.healthCheck(), delay, lb.algorithm(), lb.idleTimeout()))
                    .build();
        });
    }

    private static Scenario withAutoScaling(Scenario s, String label,
            java.util.function.UnaryOperator<AutoScaling> change) {
        return BuiltinScenario.withTopology(s, label, t -> t.toBuilder().fleet(f -> f.withAutoScaling(
                change.apply(t.fleet().autoScaling()))).build());
    }

    @Test
    void aRollingDeploymentWithDrainingFailsNoRequest() {
        RunResult r = BuiltinScenario.run(BuiltinScenario.load("rolling-deploy"));
        assertThat(r).completedWithoutError().hasNoLostWrites().passedAllSlos();
    }

    @Test
    void aRollingDeploymentWithoutDrainingCutsTheRequestsInFlight() {
        RunResult r = BuiltinScenario.run(withDeregistrationDelay(BuiltinScenario.load("rolling-deploy"),
                "weak-no-draining", Duration.ZERO));
        SloVerdict v = BuiltinScenario.slo(r, "no failed requests");
        assertThat(v.failed()).as("deregistration delay 0 cuts the slow requests in flight").isTrue();
        assertThat(v.message()).containsPattern("\\d+ of \\d+ operations failed or timed out").contains("502");
        assertThat(BuiltinScenario.slo(r, "deployments released").passed()).as("the deployment itself completes")
                .isTrue();
    }

    @Test
    void aBlueGreenDeploymentSwitchesWithoutAFailedRequestAndSessionsSurvive() throws Exception {
        RunResult r = BuiltinScenario.run(BuiltinScenario.load("blue-green-deploy"));
        assertThat(r).completedWithoutError().hasNoLostWrites().passedAllSlos();
        JsonNode result = new ObjectMapper().readTree(Files.readString(r.reportDir().resolve("result.json")));
        assertThat(result.path("fleet").toString()).as("the switch is in the report").contains("listener switched to "
                + "green");
    }

    @Test
    void aBlueGreenSwitchLogsEveryoneOutWhenSessionsLiveInInstanceMemory() {
        RunResult r = BuiltinScenario.run(BuiltinScenario.withAppEnv(BuiltinScenario.load("blue-green-deploy"),
                "weak-memory-sessions", Map.of("SESSION_STORE", "memory")));
        SloVerdict v = BuiltinScenario.slo(r, "sessions survive");
        assertThat(v.failed()).isTrue();
        assertThat(v.message()).containsPattern("\\d+ of \\d+ session\\(s\\) made before the fault did not work");
    }

    @Test
    void aBadCanaryIsRolledBackBeforeItServesMuch() {
        RunResult r = BuiltinScenario.run(BuiltinScenario.load("bad-version-rollback"));
        assertThat(r).completedWithoutError().hasNoLostWrites().passedAllSlos();
    }

    @Test
    void theSameBadReleaseDeployedAllAtOnceLeavesNothingHealthyUntilItIsRolledBack() {
        Scenario s = BuiltinScenario.load("bad-version-rollback");
        Scenario weak = BuiltinScenario.rename(s, "weak-all-at-once").toBuilder().deployments(List.of(DeployStep.at(
                Duration.ofSeconds(1), DeploySpec.of(DeployStrategy.ROLLING, "v2-errors").withBatchSize("100%")
                        .withMinHealthyPercent(0).withHealthTimeout(Duration.ofSeconds(600))))).build();
        RunResult r = BuiltinScenario.run(weak);
        // How long the rollback takes depends on how soon 20 requests have failed (ALB 503s while every instance
        // is replaced at once): 237-319 s AWS-equivalent on fresh-clone CI runs, either side of the 300 s bound, so
        // the rollback SLO is no verdict to pin. What all-at-once always costs is availability: nothing serves.
        SloVerdict v = BuiltinScenario.slo(r, "rollback of v2-errors");
        assertThat(v.measured()).as("the release was rolled back").contains("AWS-equivalent");
        SloVerdict a = BuiltinScenario.slo(r, "overall availability");
        assertThat(a.failed()).isTrue();
        assertThat(a.message()).containsPattern("[\\d.]+ points below 97.000 %");
    }

    @Test
    void theGroupScalesOutUnderALoadStep() {
        RunResult r = BuiltinScenario.run(BuiltinScenario.load("scale-out"));
        assertThat(r).completedWithoutError().hasNoLostWrites().passedAllSlos();
    }

    @Test
    void aGroupCappedAtItsSizeCannotReachTheCapacityTheLoadNeeds() {
        RunResult r = BuiltinScenario.run(withAutoScaling(BuiltinScenario.load("scale-out"), "weak-max-2",
                a -> new AutoScaling(a.min(), 2, a.healthCheckType(), a.healthCheckGracePeriod(), a.defaultCooldown(),
                        a.targetTracking())));
        SloVerdict v = BuiltinScenario.slo(r, "scale-out to 3");
        assertThat(v.failed()).isTrue();
        assertThat(v.message()).contains("never had 3 instances in service after the load step");
    }

    @Test
    void theGroupReplacesALostInstanceAndTheReportShowsEachStep() throws Exception {
        RunResult r = BuiltinScenario.run(BuiltinScenario.load("instance-replacement"));
        assertThat(r).completedWithoutError().hasNoLostWrites().passedAllSlos();
        JsonNode fleet = new ObjectMapper().readTree(Files.readString(r.reportDir().resolve("result.json")))
                .path("fleet");
        List<String> actions = new java.util.ArrayList<>();
        fleet.forEach(e -> actions.add(e.path("action").asText()));
        assertThat(actions).as("the unhealthy mark, the termination, the launch, the replacement healthy")
                .containsSubsequence("unhealthy", "terminate", "launch", "healthy");
        fleet.forEach(e -> assertThat(e.path("awsEquivalentMs").asDouble())
                .isEqualTo(e.path("atMs").asDouble() / r.timeScale(), org.assertj.core.data.Offset.offset(1.0)));
        assertThat(Files.readString(r.reportDir().resolve("index.html"))).contains("Fleet: Auto Scaling group");
    }

    @Test
    void withoutAGracePeriodTheGroupKillsEveryReplacementWhileItStarts() {
        RunResult r = BuiltinScenario.run(withAutoScaling(BuiltinScenario.load("instance-replacement"),
                "weak-no-grace", a -> new AutoScaling(a.min(), a.max(), a.healthCheckType(), Duration.ZERO,
                        a.defaultCooldown(), a.targetTracking())));
        SloVerdict v = BuiltinScenario.slo(r, "capacity restored");
        assertThat(v.failed()).isTrue();
        assertThat(v.message()).contains("never had its desired capacity in service again");
    }
}
