package dev.firedrill.harness.lb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.topology.RoutingAlgorithm;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightedForwardTest {
    private static final Map<String, TargetGroup> GROUPS = Map.of(
            "a", new TargetGroup("a", RoutingAlgorithm.ROUND_ROBIN),
            "b", new TargetGroup("b", RoutingAlgorithm.ROUND_ROBIN),
            "c", new TargetGroup("c", RoutingAlgorithm.ROUND_ROBIN));

    private static String picks(WeightedForward f, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(f.next().name);
        }
        return sb.toString();
    }

    @Test
    void eachGroupGetsExactlyItsWeightPerRoundAndTheTurnsInterleave() {
        WeightedForward f = WeightedForward.of(Map.of("a", 5, "b", 1, "c", 1), GROUPS);

        assertThat(picks(f, 7)).as("smooth weighted round robin spreads the heavy group's turns")
                .isEqualTo("aabacaa");
        assertThat(picks(f, 7)).as("and repeats the same round").isEqualTo("aabacaa");
    }

    @Test
    void zeroWeightGroupsAreNeverChosen() {
        WeightedForward f = WeightedForward.of(Map.of("a", 0, "b", 999, "c", 0), GROUPS);

        assertThat(picks(f, 50)).isEqualTo("b".repeat(50));
    }

    @Test
    void extremeWeightsStillGiveTheSmallGroupItsOneTurnPerRound() {
        WeightedForward f = WeightedForward.of(Map.of("a", 999, "b", 1), GROUPS);
        Map<Character, Integer> counts = new HashMap<>();
        for (char c : picks(f, 1000).toCharArray()) {
            counts.merge(c, 1, Integer::sum);
        }

        assertThat(counts).containsOnly(Map.entry('a', 999), Map.entry('b', 1));
    }
}
