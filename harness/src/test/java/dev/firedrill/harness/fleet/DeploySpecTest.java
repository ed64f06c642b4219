package dev.firedrill.harness.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploySpecTest {

    @Test
    void defaultsAreAwsDefaults() {
        DeploySpec s = DeploySpec.of(DeployStrategy.ROLLING, "v2");
        assertThat(s.minHealthyPercent()).as("instance refresh's default").isEqualTo(90);
        assertThat(s.canaryPercent()).as("CodeDeploy Canary10Percent5Minutes").isEqualTo(10);
        assertThat(s.bakeTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.healthTimeout()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void theBatchIsWhatTheMinimumHealthyLeavesRoomForAndAtLeastOne() {
        DeploySpec s = DeploySpec.of(DeployStrategy.ROLLING, "v2");
        assertThat(s.batchFor(3)).as("90 % of 3 leaves no room, yet the deployment must progress").isEqualTo(1);
        assertThat(s.withMinHealthyPercent(50).batchFor(10)).isEqualTo(5);
        assertThat(s.withMinHealthyPercent(0).withBatchSize("100%").batchFor(3)).isEqualTo(3);
        assertThat(s.withMinHealthyPercent(0).withBatchSize("34%").batchFor(3)).isEqualTo(2);
        assertThat(s.withMinHealthyPercent(66).withBatchSize("3").batchFor(3))
                .as("a batch larger than the minimum healthy allows is cut to it").isEqualTo(1);
    }

    @Test
    void badOptionsSayWhatIsAllowed() {
        DeploySpec s = DeploySpec.of(DeployStrategy.ROLLING, "v2");
        assertThatThrownBy(() -> s.withBatchSize("0")).isInstanceOf(DeployException.class)
                .hasMessageContaining("batch size must be ≥ 1");
        assertThatThrownBy(() -> s.withBatchSize("0%")).hasMessageContaining("(0 %, 100 %]");
        assertThatThrownBy(() -> s.withBatchSize("many")).hasMessageContaining("neither a count");
        assertThatThrownBy(() -> s.withMinHealthyPercent(101)).hasMessageContaining("0..100");
        assertThatThrownBy(() -> s.withCanaryPercent(100)).hasMessageContaining("1..99");
        assertThatThrownBy(() -> s.withMaxErrorRate(5)).hasMessageContaining("fraction 0..1");
        assertThatThrownBy(() -> DeployStrategy.parse("big-bang")).hasMessageContaining("rolling, blue-green or canary");
    }

    @Test
    void optionsAreParsedByNameAndUnknownOnesListed() {
        DeploySpec s = DeployOptions.parse(Map.of("strategy", "blue_green", "version", "v3", "bakeTime", "60s",
                "maxP99", "800ms", "rollback", "false"));
        assertThat(s.strategy()).isEqualTo(DeployStrategy.BLUE_GREEN);
        assertThat(s.bakeTime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.maxP99()).isEqualTo(Duration.ofMillis(800));
        assertThat(s.rollback()).isFalse();
        assertThatThrownBy(() -> DeployOptions.parse(Map.of("strategy", "rolling", "version", "v2", "batch", "1")))
                .hasMessageContaining("unknown option 'batch'").hasMessageContaining("batchSize");
        assertThatThrownBy(() -> DeployOptions.parse(Map.of("strategy", "rolling")))
                .hasMessageContaining("version: is required");
    }

    @Test
    void aReleaseTheTopologyDoesNotKnowIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> DeployOptions.check(DeploySpec.of(DeployStrategy.ROLLING, "v9"),
                dev.firedrill.harness.topology.Topology.defaults()))
                .hasMessageContaining("release 'v9' does not exist").hasMessageContaining("v2-errors");
    }
}
