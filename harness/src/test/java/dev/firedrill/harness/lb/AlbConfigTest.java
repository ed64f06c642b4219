package dev.firedrill.harness.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.TopologyException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlbConfigTest {

    @Test
    void defaultsAreAwsDefaults() {
        AlbConfig c = AlbConfig.defaults();
        HealthCheck hc = c.healthCheck();

        assertThat(hc.path()).isEqualTo("/");
        assertThat(hc.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(hc.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(hc.healthyThreshold()).isEqualTo(5);
        assertThat(hc.unhealthyThreshold()).isEqualTo(2);
        assertThat(hc.matcher()).isEqualTo("200");
        assertThat(c.deregistrationDelay()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.targetTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.algorithm()).isEqualTo(RoutingAlgorithm.ROUND_ROBIN);
        assertThat(c.timeScale()).isEqualTo(1.0);
    }

    @Test
    void timeScaleMultipliesEveryDuration() {
        AlbConfig c = AlbConfig.builder().timeScale(0.01).build();

        assertThat(c.scaled(c.healthCheck().interval())).isEqualTo(Duration.ofMillis(300));
        assertThat(c.scaled(c.deregistrationDelay())).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.scaled(c.targetTimeout())).isEqualTo(Duration.ofMillis(600));
    }

    @Test
    void timeoutNotBelowIntervalIsRejected() {
        assertThatThrownBy(() -> HealthCheck.builder().interval(Duration.ofSeconds(10)).timeout(Duration.ofSeconds(10)).build())
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("alb.healthCheck.timeout")
                .hasMessageContaining("must be less than the interval");
    }

    @Test
    void thresholdsOutsideAwsRangeAreRejected() {
        assertThatThrownBy(() -> HealthCheck.builder().healthyThreshold(1).build())
                .isInstanceOf(TopologyException.class)
                .hasMessage("alb.healthCheck.healthyThreshold: must be between 2 and 10 (AWS range), got 1");
        assertThatThrownBy(() -> HealthCheck.builder().unhealthyThreshold(11).build())
                .hasMessageContaining("alb.healthCheck.unhealthyThreshold");
    }

    @Test
    void intervalOutsideAwsRangeSuggestsTimeScale() {
        assertThatThrownBy(() -> HealthCheck.builder().interval(Duration.ofMillis(100)).timeout(Duration.ofMillis(50)).build())
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("alb.healthCheck.interval: must be between 5s and 300s")
                .hasMessageContaining("lower AlbConfig.timeScale");
    }

    @Test
    void badMatcherIsRejectedWithExamples() {
        assertThatThrownBy(() -> HealthCheck.builder().matcher("2xx").build())
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("alb.healthCheck.matcher")
                .hasMessageContaining("\"200-299\"");
        assertThatThrownBy(() -> HealthCheck.builder().matcher("500").build())
                .hasMessageContaining("between 200 and 499");
    }

    @Test
    void pathMustBeAbsolute() {
        assertThatThrownBy(() -> HealthCheck.builder().path("health").build())
                .hasMessageContaining("alb.healthCheck.path: must start with '/'");
    }

    @Test
    void timeScaleOutsideUnitIntervalIsRejected() {
        assertThatThrownBy(() -> AlbConfig.builder().timeScale(0).build()).hasMessageContaining("alb.timeScale");
        assertThatThrownBy(() -> AlbConfig.builder().timeScale(2).build()).hasMessageContaining("alb.timeScale");
    }

    @Test
    void deregistrationDelayOutsideAwsRangeIsRejected() {
        assertThatThrownBy(() -> AlbConfig.builder().deregistrationDelay(Duration.ofSeconds(3601)).build())
                .hasMessageContaining("alb.deregistrationDelay: must be between 0s and 3600s");
    }

    @Test
    void scaledDurationsBelowOneMillisecondAreRejected() {
        assertThatThrownBy(() -> AlbConfig.builder().timeScale(0.0001).build())
                .hasMessageContaining("alb.healthCheck.timeout")
                .hasMessageContaining("raise timeScale");
    }
}
