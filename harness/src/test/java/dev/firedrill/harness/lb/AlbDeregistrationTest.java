package dev.firedrill.harness.lb;

import static dev.firedrill.harness.lb.AlbTestSupport.awaitState;
import static dev.firedrill.harness.lb.AlbTestSupport.fastConfig;
import static dev.firedrill.harness.lb.AlbTestSupport.get;
import static dev.firedrill.harness.lb.AlbTestSupport.getAsync;
import static dev.firedrill.harness.lb.AlbTestSupport.servedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.TopologyException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AlbDeregistrationTest {

    @Test
    void drainingTargetGetsNoNewRequestsButFinishesInFlightOnes() throws Exception {
        try (TestTarget a = new TestTarget("a");
             TestTarget b = new TestTarget("b");
             // a 5 s target timeout: the in-flight request waits while b registers, which a busy machine can stretch
             // past the fast config's 400 ms
             AlbSimulator alb = AlbSimulator.start(fastConfig().targetTimeout(Duration.ofSeconds(250)).build())) {
            alb.register("a", a.address(), "us-east-1a");
            awaitState(alb, "a", TargetState.HEALTHY);
            CompletableFuture<HttpResponse<String>> inFlight = getAsync(alb, "/slow");
            Await.until("the slow request to reach a", Duration.ofSeconds(5), () -> a.served.get() == 1, a.served::get);
            alb.register("b", b.address(), "us-east-1b");
            awaitState(alb, "b", TargetState.HEALTHY);
            List<HealthTransition> seen = new CopyOnWriteArrayList<>();
            alb.addListener(seen::add);

            alb.deregister("a");

            assertThat(alb.targetHealth().get("a").state()).isEqualTo(TargetState.DRAINING);
            assertThat(alb.targetHealth().get("a").reason()).isEqualTo(ReasonCode.TARGET_DEREGISTRATION_IN_PROGRESS);
            for (int i = 0; i < 10; i++) {
                assertThat(servedBy(get(alb, "/"))).as("a draining target gets no new requests").isEqualTo("b");
            }
            a.release();
            HttpResponse<String> finished = inFlight.get(5, TimeUnit.SECONDS);
            assertThat(finished.statusCode()).as("the in-flight request completes normally").isEqualTo(200);
            assertThat(servedBy(finished)).isEqualTo("a");

            Await.until("a to leave the target group", Duration.ofSeconds(10),
                    () -> !alb.targetHealth().containsKey("a"), alb::targetHealth);
            assertThat(seen).extracting(HealthTransition::targetId, HealthTransition::to)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("a", TargetState.DRAINING),
                            org.assertj.core.groups.Tuple.tuple("a", TargetState.UNUSED));
            Duration drained = Duration.ofNanos(seen.get(1).nanos() - seen.get(0).nanos());
            assertThat(drained).as("a target stays draining for the whole (scaled) deregistration delay")
                    .isGreaterThanOrEqualTo(alb.config().scaled(alb.config().deregistrationDelay()).minusMillis(20));
        }
    }

    @Test
    void requestStillInFlightWhenTheDelayEndsGetsA502() throws Exception {
        try (TestTarget a = new TestTarget("a");
             AlbSimulator alb = AlbSimulator.start(fastConfig().deregistrationDelay(Duration.ofSeconds(5)).build())) {
            alb.register("a", a.address(), "us-east-1a");
            awaitState(alb, "a", TargetState.HEALTHY);
            CompletableFuture<HttpResponse<String>> inFlight = getAsync(alb, "/slow");
            Await.until("the slow request to reach a", Duration.ofSeconds(5), () -> a.served.get() == 1, a.served::get);

            alb.deregister("a");
            HttpResponse<String> cut = inFlight.get(5, TimeUnit.SECONDS);

            assertThat(cut.statusCode()).isEqualTo(502);
            assertThat(cut.headers().firstValue("X-Firedrill-Lb-Error")).hasValue("target-deregistered");
            a.release();
        }
    }

    @Test
    void deregisteringAnUnknownTargetNamesTheRegisteredOnes() throws Exception {
        try (TestTarget a = new TestTarget("a");
             AlbSimulator alb = AlbSimulator.start(fastConfig().build())) {
            alb.register("a", a.address(), "us-east-1a");

            assertThatThrownBy(() -> alb.deregister("nope")).isInstanceOf(TopologyException.class)
                    .hasMessageContaining("no target 'nope' is registered").hasMessageContaining("[a]");
            assertThatThrownBy(() -> alb.register("a", a.address(), "us-east-1a")).isInstanceOf(TopologyException.class)
                    .hasMessageContaining("alb.targets.a: is already registered");
        }
    }
}
