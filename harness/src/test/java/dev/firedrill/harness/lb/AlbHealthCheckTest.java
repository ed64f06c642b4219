package dev.firedrill.harness.lb;

import static dev.firedrill.harness.lb.AlbTestSupport.awaitState;
import static dev.firedrill.harness.lb.AlbTestSupport.fastConfig;
import static dev.firedrill.harness.lb.AlbTestSupport.get;
import static dev.firedrill.harness.lb.AlbTestSupport.servedBy;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AlbHealthCheckTest {

    @Test
    void newTargetStartsInitialAndTurnsHealthyAfterOnePassedCheck() throws Exception {
        try (TestTarget a = new TestTarget("a");
             AlbSimulator alb = AlbSimulator.start(fastConfig().build())) {
            List<HealthTransition> seen = new CopyOnWriteArrayList<>();
            alb.addListener(seen::add);

            alb.register("a", a.address(), "us-east-1a");
            awaitState(alb, "a", TargetState.HEALTHY);

            assertThat(seen).extracting(HealthTransition::from, HealthTransition::to).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(TargetState.UNUSED, TargetState.INITIAL),
                    org.assertj.core.groups.Tuple.tuple(TargetState.INITIAL, TargetState.HEALTHY));
            assertThat(seen.get(0).reason()).isEqualTo(ReasonCode.ELB_REGISTRATION_IN_PROGRESS);
            assertThat(alb.targetHealth().get("a")).isEqualTo(TargetHealth.healthy());
        }
    }

    @Test
    void stoppedTargetTurnsUnhealthyAfterThresholdTimesIntervalAndGetsNoMoreRequests() throws Exception {
        try (TestTarget a = new TestTarget("a");
             TestTarget b = new TestTarget("b");
             AlbSimulator alb = AlbSimulator.start(fastConfig().build())) {
            alb.register("a", a.address(), "us-east-1a");
            alb.register("b", b.address(), "us-east-1b");
            awaitState(alb, "a", TargetState.HEALTHY);
            awaitState(alb, "b", TargetState.HEALTHY);
            List<HealthTransition> seen = new CopyOnWriteArrayList<>();
            alb.addListener(seen::add);
            Duration interval = alb.config().scaled(alb.config().healthCheck().interval());
            int threshold = alb.config().healthCheck().unhealthyThreshold();

            long stoppedAt = System.nanoTime();
            b.stop();
            awaitState(alb, "b", TargetState.UNHEALTHY);

            HealthTransition down = seen.stream().filter(t -> t.targetId().equals("b")).findFirst().orElseThrow();
            Duration detection = Duration.ofNanos(down.nanos() - stoppedAt);
            assertThat(down.to()).isEqualTo(TargetState.UNHEALTHY);
            assertThat(down.reason()).as("a refused connection is a failed check").isEqualTo(ReasonCode.TARGET_FAILED_HEALTH_CHECKS);
            assertThat(detection).as("detected after %d failed checks %s apart (generous bounds)", threshold, interval)
                    .isBetween(interval.multipliedBy(threshold - 1).dividedBy(2),
                            interval.multipliedBy(threshold).plusSeconds(1));
            for (int i = 0; i < 20; i++) {
                var r = get(alb, "/");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(servedBy(r)).as("an unhealthy target gets no requests").isEqualTo("a");
            }
        }
    }

    @Test
    void statusOutsideTheMatcherMarksTheTargetUnhealthyWithTheCode() throws Exception {
        try (TestTarget a = new TestTarget("a");
             AlbSimulator alb = AlbSimulator.start(fastConfig()
                     // checks every 300 ms with a 240 ms timeout: a busy machine must not turn the code mismatch
                     // this test reads into a timeout
                     .healthCheck(fastConfig().build().healthCheck().toBuilder().matcher("200-299")
                             .interval(java.time.Duration.ofSeconds(15)).timeout(java.time.Duration.ofSeconds(12)).build())
                     .build())) {
            alb.register("a", a.address(), "us-east-1a");
            awaitState(alb, "a", TargetState.HEALTHY);

            a.healthStatus.set(503);
            awaitState(alb, "a", TargetState.UNHEALTHY);

            TargetHealth h = alb.targetHealth().get("a");
            assertThat(h.reason()).isEqualTo(ReasonCode.TARGET_RESPONSE_CODE_MISMATCH);
            assertThat(h.description()).isEqualTo("Health checks failed with these codes: [503]");

            a.healthStatus.set(204);
            awaitState(alb, "a", TargetState.HEALTHY);
        }
    }
}
