package dev.firedrill.harness.lb;

import static dev.firedrill.harness.lb.AlbTestSupport.awaitState;
import static dev.firedrill.harness.lb.AlbTestSupport.fastConfig;
import static dev.firedrill.harness.lb.AlbTestSupport.get;
import static dev.firedrill.harness.lb.AlbTestSupport.servedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.TopologyException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlbWeightedForwardTest {
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T t) {
        resources.add(t);
        return t;
    }

    /** An ALB with {@code blue-1} in group blue and {@code green-1} in group green, both healthy. */
    private AlbSimulator blueGreen() throws Exception {
        TestTarget blue = track(new TestTarget("blue-1"));
        TestTarget green = track(new TestTarget("green-1"));
        AlbSimulator alb = track(AlbSimulator.start(fastConfig().build()));
        alb.register("blue-1", blue.address(), "us-east-1a", "blue");
        alb.register("green-1", green.address(), "us-east-1b", "green");
        awaitState(alb, "blue-1", TargetState.HEALTHY);
        awaitState(alb, "green-1", TargetState.HEALTHY);
        return alb;
    }

    private static Map<String, Integer> hits(AlbSimulator alb, int requests) throws Exception {
        Map<String, Integer> hits = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> r = get(alb, "/");
            hits.merge(r.statusCode() == 200 ? servedBy(r) : Integer.toString(r.statusCode()), 1, Integer::sum);
        }
        return hits;
    }

    @Test
    void ninetyTenSendsExactlyOneRequestInTenToTheCanary() throws Exception {
        AlbSimulator alb = blueGreen();

        alb.forward(Map.of("blue", 90, "green", 10));

        assertThat(hits(alb, 100)).as("the weighted schedule is exact over each 100 requests, not a dice roll")
                .containsOnly(Map.entry("blue-1", 90), Map.entry("green-1", 10));
        assertThat(hits(alb, 50)).as("and spread out: half a schedule gives about half the canary's share")
                .hasEntrySatisfying("green-1", n -> assertThat(n).isBetween(4, 6));
        assertThat(alb.forwardWeights()).containsExactly(Map.entry("blue", 90), Map.entry("default", 0),
                Map.entry("green", 10));
    }

    @Test
    void switchingToZeroHundredSendsEverythingToTheNewGroup() throws Exception {
        AlbSimulator alb = blueGreen();
        alb.forward(Map.of("blue", 100));
        assertThat(hits(alb, 20)).containsOnly(Map.entry("blue-1", 20));

        alb.forward(Map.of("blue", 0, "green", 100));

        assertThat(hits(alb, 30)).as("after the switch no request reaches blue").containsOnly(Map.entry("green-1", 30));
        assertThat(alb.targetHealth().get("blue-1").state()).as("blue stays registered, just without traffic")
                .isEqualTo(TargetState.HEALTHY);
    }

    @Test
    void aNewGroupGetsNoTrafficUntilTheForwardNamesIt() throws Exception {
        TestTarget a = track(new TestTarget("a"));
        TestTarget g = track(new TestTarget("g"));
        AlbSimulator alb = track(AlbSimulator.start(fastConfig().build()));
        alb.register("a", a.address(), "us-east-1a");
        alb.register("g", g.address(), "us-east-1a", "green");
        awaitState(alb, "g", TargetState.HEALTHY);

        assertThat(hits(alb, 10)).containsOnly(Map.entry("a", 10));
        assertThat(alb.forwardWeights()).containsExactly(Map.entry("default", 1), Map.entry("green", 0));
        assertThat(alb.targetGroups()).containsExactly(Map.entry("a", AlbSimulator.DEFAULT_TARGET_GROUP),
                Map.entry("g", "green"));
        assertThat(alb.targetGroupOf("g")).isEqualTo("green");
        assertThat(alb.targetHealth()).as("targetHealth covers every group").containsOnlyKeys("a", "g");
    }

    @Test
    void aWeightedGroupWithoutTargetsAnswers503ForItsShare() throws Exception {
        AlbSimulator alb = blueGreen();
        alb.createTargetGroup("empty");

        alb.forward(Map.of("blue", 1, "empty", 1));

        assertThat(hits(alb, 10)).as("the ALB does not move the empty group's share elsewhere")
                .containsOnly(Map.entry("blue-1", 5), Map.entry("503", 5));
    }

    @Test
    void failOpenIsPerGroupSoAnUnhealthyGroupKeepsItsShare() throws Exception {
        TestTarget blue = track(new TestTarget("blue-1"));
        TestTarget green = track(new TestTarget("green-1"));
        green.healthStatus.set(500);
        AlbSimulator alb = track(AlbSimulator.start(fastConfig().build()));
        alb.register("blue-1", blue.address(), "us-east-1a", "blue");
        alb.register("green-1", green.address(), "us-east-1a", "green");
        awaitState(alb, "blue-1", TargetState.HEALTHY);
        awaitState(alb, "green-1", TargetState.UNHEALTHY);

        alb.forward(Map.of("blue", 50, "green", 50));

        assertThat(hits(alb, 20)).as("green's only target is unhealthy, so green fails open to it")
                .containsOnly(Map.entry("blue-1", 10), Map.entry("green-1", 10));
    }

    @Test
    void targetIdsAreUniqueAcrossGroups() throws Exception {
        AlbSimulator alb = blueGreen();

        assertThatThrownBy(() -> alb.register("blue-1", new InetSocketAddress("127.0.0.1", 1), "us-east-1a", "green"))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("alb.targets.blue-1: is already registered")
                .hasMessageContaining("in target group 'blue'");
        assertThatThrownBy(() -> alb.targetGroupOf("nope")).isInstanceOf(TopologyException.class)
                .hasMessageContaining("no target 'nope' is registered").hasMessageContaining("[blue-1, green-1]");
    }
}
