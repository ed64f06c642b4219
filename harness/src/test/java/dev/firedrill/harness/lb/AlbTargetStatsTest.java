package dev.firedrill.harness.lb;

import static dev.firedrill.harness.lb.AlbTestSupport.awaitState;
import static dev.firedrill.harness.lb.AlbTestSupport.fastConfig;
import static dev.firedrill.harness.lb.AlbTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlbTargetStatsTest {

    /** Waits until {@code targetId} has {@code n} finished exchanges: they are counted after the last write. */
    private static TargetStats awaitResponses(AlbSimulator alb, String targetId, long n) {
        Await.until(targetId + " to have " + n + " responses counted", Duration.ofSeconds(10),
                () -> alb.stats().target(targetId).responses() == n, () -> alb.stats().target(targetId));
        return alb.stats().target(targetId);
    }

    @Test
    void countsEachStatusClassTheTargetSentAndTheAlbsOwn504ForIt() throws Exception {
        try (TestTarget a = new TestTarget("a");
             AlbSimulator alb = AlbSimulator.start(fastConfig().build())) {
            alb.register("a", a.address(), "us-east-1a");
            awaitState(alb, "a", TargetState.HEALTHY);
            for (int code : new int[] {200, 201, 202, 302, 404, 409, 503}) {
                assertThat(get(alb, "/status?code=" + code).statusCode()).isEqualTo(code);
            }
            assertThat(get(alb, "/hang").statusCode()).isEqualTo(504);

            TargetStats s = awaitResponses(alb, "a", 8);

            assertThat(s.requests()).isEqualTo(8);
            assertThat(s.responses2xx()).isEqualTo(3);
            assertThat(s.responses3xx()).isEqualTo(1);
            assertThat(s.responses4xx()).isEqualTo(2);
            assertThat(s.responses5xx()).as("the target's 503 and the ALB's 504 for it").isEqualTo(2);
            assertThat(s.errorRate()).isEqualTo(2 / 8.0);
            assertThat(s.quantileMillis(1.0)).as("the 504 came only after the (scaled) target timeout")
                    .isGreaterThanOrEqualTo((double) alb.config().scaled(alb.config().targetTimeout()).toMillis());
            assertThat(alb.stats().requestsTo("a")).as("the old per-target counter agrees").isEqualTo(8);
        }
    }

    @Test
    void countsTheAlbsOwn502sAgainstTheTargetThatCausedThemInItsGroup() throws Exception {
        try (TestTarget good = new TestTarget("good");
             RawTarget reset = new RawTarget(RawTarget.Mode.RESET);
             RawTarget garbage = new RawTarget(RawTarget.Mode.GARBAGE);
             AlbSimulator alb = AlbSimulator.start(fastConfig().build())) {
            alb.register("good", good.address(), "us-east-1a", "blue");
            alb.register("rst", reset.address(), "us-east-1a", "green");
            alb.register("junk", garbage.address(), "us-east-1b", "green");
            alb.forward(Map.of("blue", 1, "green", 1));

            for (int i = 0; i < 8; i++) {
                get(alb, "/");
            }

            TargetStats goodStats = awaitResponses(alb, "good", 4);
            TargetStats rst = awaitResponses(alb, "rst", 2);
            TargetStats junk = awaitResponses(alb, "junk", 2);
            assertThat(goodStats.errorRate()).isZero();
            assertThat(rst.responses5xx()).as("502 target-closed-connection counts against rst").isEqualTo(2);
            assertThat(junk.responses5xx()).as("502 malformed-target-response counts against junk").isEqualTo(2);
            assertThat(rst.plus(junk).errorRate()).as("green as a whole fails every request").isEqualTo(1.0);
            assertThat(alb.stats().byTarget()).containsOnlyKeys("good", "rst", "junk");
        }
    }

    @Test
    void sinceGivesTheStatisticsOfTheWindowBetweenTwoSnapshots() throws Exception {
        try (TestTarget a = new TestTarget("a");
             AlbSimulator alb = AlbSimulator.start(fastConfig().build())) {
            alb.register("a", a.address(), "us-east-1a");
            for (int i = 0; i < 5; i++) {
                get(alb, "/status?code=500");
            }
            TargetStats before = awaitResponses(alb, "a", 5);

            for (int i = 0; i < 10; i++) {
                get(alb, "/");
            }
            TargetStats window = awaitResponses(alb, "a", 15).since(before);

            assertThat(window.requests()).isEqualTo(10);
            assertThat(window.responses()).isEqualTo(10);
            assertThat(window.errorRate()).as("the earlier 500s are not in the window").isZero();
            assertThat(window.quantileMillis(0.99)).as("a quantile of the window's own latencies")
                    .isPositive().isFinite();
            assertThat(before.errorRate()).isEqualTo(1.0);
        }
    }

    @Test
    void aTargetsStatisticsOutliveItsRegistration() throws Exception {
        try (TestTarget a = new TestTarget("a");
             AlbSimulator alb = AlbSimulator.start(fastConfig().deregistrationDelay(Duration.ofSeconds(5)).build())) {
            alb.register("a", a.address(), "us-east-1a");
            get(alb, "/");
            awaitResponses(alb, "a", 1);

            alb.deregister("a");
            Await.until("a to be gone", Duration.ofSeconds(10), () -> alb.targetHealth().isEmpty(), alb::targetHealth);

            assertThat(alb.stats().target("a").requests()).as("so a window that spans a deregistration still adds up")
                    .isEqualTo(1);
            assertThat(alb.stats().target("never-registered")).isEqualTo(TargetStats.empty());
        }
    }
}
