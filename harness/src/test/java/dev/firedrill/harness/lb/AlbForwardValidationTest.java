package dev.firedrill.harness.lb;

import static dev.firedrill.harness.lb.AlbTestSupport.fastConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.TopologyException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlbForwardValidationTest {
    private AlbSimulator alb;

    @BeforeEach
    void start() {
        alb = AlbSimulator.start(fastConfig().build());
        alb.createTargetGroup("blue");
        alb.createTargetGroup("green");
    }

    @AfterEach
    void stop() {
        alb.close();
    }

    @Test
    void aWeightAbove999IsRejectedNamingTheGroupAndTheRange() {
        assertThatThrownBy(() -> alb.forward(Map.of("blue", 1000, "green", 1)))
                .isInstanceOf(TopologyException.class)
                .hasMessage("alb.forward.blue: weight 1000 is outside 0-999 (AWS's range for a target group in a"
                        + " forward action)");
    }

    @Test
    void aNegativeOrMissingWeightIsRejected() {
        assertThatThrownBy(() -> alb.forward(Map.of("green", -1))).isInstanceOf(TopologyException.class)
                .hasMessageContaining("alb.forward.green: weight -1 is outside 0-999");
        Map<String, Integer> missing = new HashMap<>();
        missing.put("blue", null);
        assertThatThrownBy(() -> alb.forward(missing)).isInstanceOf(TopologyException.class)
                .hasMessageContaining("alb.forward.blue: weight null is outside 0-999");
    }

    @Test
    void allZeroWeightsAreRejected() {
        assertThatThrownBy(() -> alb.forward(Map.of("blue", 0, "green", 0))).isInstanceOf(TopologyException.class)
                .hasMessage("alb.forward: every weight is 0 in {blue=0, green=0}; give at least one target group a"
                        + " weight of 1-999");
    }

    @Test
    void anUnknownGroupIsRejectedNamingTheExistingOnes() {
        assertThatThrownBy(() -> alb.forward(Map.of("blue", 90, "purple", 10))).isInstanceOf(TopologyException.class)
                .hasMessageContaining("alb.forward.purple: no target group 'purple'; existing: [blue, default, green]")
                .hasMessageContaining("createTargetGroup(\"purple\")");
    }

    @Test
    void anEmptyForwardAndMoreThanFiveGroupsAreRejected() {
        assertThatThrownBy(() -> alb.forward(Map.of())).isInstanceOf(TopologyException.class)
                .hasMessageContaining("alb.forward: no target group given; weights are 0-999, at least one > 0");
        for (String g : new String[] {"g3", "g4", "g5", "g6"}) {
            alb.createTargetGroup(g);
        }
        Map<String, Integer> six = Map.of("blue", 1, "green", 1, "g3", 1, "g4", 1, "g5", 1, "g6", 1);
        assertThatThrownBy(() -> alb.forward(six)).isInstanceOf(TopologyException.class)
                .hasMessageContaining("6 target groups given").hasMessageContaining("AWS allows at most 5");
    }

    @Test
    void aRejectedForwardLeavesTheWeightsAsTheyWere() {
        alb.forward(Map.of("blue", 3, "green", 1));

        assertThatThrownBy(() -> alb.forward(Map.of("blue", 1, "green", 1000))).isInstanceOf(TopologyException.class);

        assertThat(alb.forwardWeights()).containsExactly(Map.entry("blue", 3), Map.entry("default", 0),
                Map.entry("green", 1));
    }

    @Test
    void targetGroupNamesFollowAwsRules() {
        InetSocketAddress somewhere = new InetSocketAddress("127.0.0.1", 1);
        assertThatThrownBy(() -> alb.register("a", somewhere, "us-east-1a", "app_blue"))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("target group name 'app_blue' is not valid: AWS allows 1-32 letters, digits or"
                        + " hyphens");
        assertThatThrownBy(() -> alb.createTargetGroup("-blue")).isInstanceOf(TopologyException.class);
        assertThatThrownBy(() -> alb.createTargetGroup("x".repeat(33))).isInstanceOf(TopologyException.class);
        assertThat(alb.targetHealth()).as("a rejected registration registers nothing").isEmpty();
    }
}
