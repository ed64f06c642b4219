package dev.firedrill.harness.lb;

import static dev.firedrill.harness.lb.AlbTestSupport.awaitState;
import static dev.firedrill.harness.lb.AlbTestSupport.fastConfig;
import static dev.firedrill.harness.lb.AlbTestSupport.get;
import static dev.firedrill.harness.lb.AlbTestSupport.getAsync;
import static dev.firedrill.harness.lb.AlbTestSupport.servedBy;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AlbGroupDeregistrationTest {

    @Test
    void drainingATargetOfASecondGroupFinishesItsRequestsWhileTheGroupKeepsServing() throws Exception {
        try (TestTarget blue = new TestTarget("blue-1");
             TestTarget g1 = new TestTarget("green-1");
             TestTarget g2 = new TestTarget("green-2");
             AlbSimulator alb = AlbSimulator.start(fastConfig().build())) {
            alb.register("blue-1", blue.address(), "us-east-1a", "blue");
            alb.register("green-1", g1.address(), "us-east-1a", "green");
            alb.forward(Map.of("blue", 0, "green", 1));
            awaitState(alb, "green-1", TargetState.HEALTHY);
            CompletableFuture<HttpResponse<String>> inFlight = getAsync(alb, "/slow");
            Await.until("the slow request to reach green-1", Duration.ofSeconds(5), () -> g1.served.get() == 1,
                    g1.served::get);
            alb.register("green-2", g2.address(), "us-east-1b", "green");
            awaitState(alb, "green-2", TargetState.HEALTHY);

            alb.deregister("green-1");

            assertThat(alb.targetHealth().get("green-1").state()).isEqualTo(TargetState.DRAINING);
            for (int i = 0; i < 10; i++) {
                assertThat(servedBy(get(alb, "/"))).as("green's draining target gets no new requests, its other does")
                        .isEqualTo("green-2");
            }
            g1.release();
            HttpResponse<String> finished = inFlight.get(5, TimeUnit.SECONDS);
            assertThat(finished.statusCode()).as("the in-flight request completes normally").isEqualTo(200);
            assertThat(servedBy(finished)).isEqualTo("green-1");
            Await.until("green-1 to leave its target group", Duration.ofSeconds(10),
                    () -> !alb.targetGroups().containsKey("green-1"), alb::targetGroups);
            assertThat(alb.targetGroups()).containsOnly(Map.entry("blue-1", "blue"), Map.entry("green-2", "green"));
            assertThat(blue.served.get()).as("blue's weight is 0 throughout").isZero();
        }
    }

    @Test
    void anIdDrainingInOneGroupMayBeRegisteredAgainInAnother() throws Exception {
        try (TestTarget oldA = new TestTarget("a");
             TestTarget newA = new TestTarget("a");
             TestTarget marker = new TestTarget("marker");
             AlbSimulator alb = AlbSimulator.start(fastConfig().build())) {
            alb.register("a", oldA.address(), "us-east-1a", "blue");
            alb.register("marker", marker.address(), "us-east-1a", "blue");
            alb.deregister("a");

            alb.register("a", newA.address(), "us-east-1a", "green");
            alb.deregister("marker");
            alb.forward(Map.of("green", 1));

            assertThat(alb.targetGroupOf("a")).as("the new registration replaces the draining one").isEqualTo("green");
            HttpResponse<String> r = get(alb, "/");
            assertThat(servedBy(r)).isEqualTo("a");
            // marker was deregistered after the old a, so once marker is gone the old a's delay has ended too
            Await.until("marker's deregistration delay to end", Duration.ofSeconds(10),
                    () -> !alb.targetHealth().containsKey("marker"), alb::targetHealth);
            assertThat(alb.targetGroups()).as("the old registration's end does not remove the new one")
                    .containsExactly(Map.entry("a", "green"));
            assertThat(get(alb, "/").statusCode()).isEqualTo(200);
            assertThat(oldA.served.get() + newA.served.get()).isEqualTo(2);
            assertThat(newA.served.get()).as("both requests went to the new registration").isEqualTo(2);
        }
    }
}
