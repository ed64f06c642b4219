package dev.firedrill.harness.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.topology.HealthCheck;
import dev.firedrill.harness.topology.LoadBalancer;
import dev.firedrill.harness.topology.RoutingAlgorithm;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.harness.topology.TopologyValidator;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class AlbConfigTest {

    private static AlbConfig withHealthCheck(UnaryOperator<HealthCheck.Builder> change) {
        return AlbConfig.builder().healthCheck(change.apply(HealthCheck.builder()).build()).build();
    }

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
    void aTopologysLoadBalancerIsTheSimulatorsConfig() {
        Topology t = Topology.builder().timeScale(0.05).loadBalancer(l -> new LoadBalancer(l.name(), l.subnets(),
                l.securityGroup(), 0, l.targetPort(), l.healthCheck().toBuilder().interval(Duration.ofSeconds(10))
                .build(), Duration.ofSeconds(20), RoutingAlgorithm.LEAST_OUTSTANDING_REQUESTS,
                Duration.ofSeconds(30))).build();
        AlbConfig c = AlbConfig.of(t.loadBalancer(), t.timeScale());

        assertThat(c.healthCheck()).isSameAs(t.loadBalancer().healthCheck());
        assertThat(c.algorithm()).isEqualTo(RoutingAlgorithm.LEAST_OUTSTANDING_REQUESTS);
        assertThat(c.deregistrationDelay()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.targetTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.listenPort()).isZero();
        assertThat(c.scaled(c.healthCheck().interval())).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aTopologysLoadBalancerIsCheckedUnderItsYamlPaths() {
        LoadBalancer lb = Topology.defaults().loadBalancer();
        LoadBalancer bad = new LoadBalancer(lb.name(), lb.subnets(), lb.securityGroup(), 0, lb.targetPort(),
                lb.healthCheck().toBuilder().interval(Duration.ofSeconds(400)).build(), lb.deregistrationDelay(),
                lb.algorithm(), lb.idleTimeout());

        assertThatThrownBy(() -> AlbConfig.of(bad, 0.1)).isInstanceOf(TopologyException.class)
                .hasMessageStartingWith("loadBalancer.targetGroup.healthCheck.interval: must be between 5s and 300s");
    }

    @Test
    void theSimulatorAndTheTopologyValidatorShareEachCheck() {
        HealthCheck hc = HealthCheck.builder().interval(Duration.ofSeconds(10)).timeout(Duration.ofSeconds(10)).build();
        String alb = messageOf(() -> AlbConfig.builder().healthCheck(hc).build());
        String yaml = messageOf(() -> TopologyValidator.validate(Topology.builder().healthCheck(hc).build()));

        assertThat(alb).startsWith("alb.healthCheck.timeout: ");
        assertThat(yaml).startsWith("loadBalancer.targetGroup.healthCheck.timeout: ");
        assertThat(alb.substring(alb.indexOf(": "))).isEqualTo(yaml.substring(yaml.indexOf(": ")));
    }

    private static String messageOf(Runnable r) {
        try {
            r.run();
        } catch (TopologyException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a TopologyException");
    }

    @Test
    void timeoutNotBelowIntervalIsRejected() {
        assertThatThrownBy(() -> withHealthCheck(h -> h.interval(Duration.ofSeconds(10)).timeout(Duration.ofSeconds(10))))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("alb.healthCheck.timeout")
                .hasMessageContaining("must be less than the interval");
    }

    @Test
    void thresholdsOutsideAwsRangeAreRejected() {
        assertThatThrownBy(() -> withHealthCheck(h -> h.healthyThreshold(1)))
                .isInstanceOf(TopologyException.class)
                .hasMessage("alb.healthCheck.healthyThreshold: must be between 2 and 10, as AWS allows (got 1)");
        assertThatThrownBy(() -> withHealthCheck(h -> h.unhealthyThreshold(11)))
                .hasMessageContaining("alb.healthCheck.unhealthyThreshold");
    }

    @Test
    void intervalOutsideAwsRangeSuggestsTimeScale() {
        assertThatThrownBy(() -> withHealthCheck(h -> h.interval(Duration.ofMillis(100)).timeout(Duration.ofMillis(50))))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("alb.healthCheck.interval: must be between 5s and 300s")
                .hasMessageContaining("got 100ms")
                .hasMessageContaining("lower timeScale");
    }

    @Test
    void badMatcherIsRejectedWithExamples() {
        assertThatThrownBy(() -> withHealthCheck(h -> h.matcher("2xx")))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("alb.healthCheck.matcher")
                .hasMessageContaining("\"200-299\"");
        assertThatThrownBy(() -> withHealthCheck(h -> h.matcher("500")))
                .hasMessageContaining("between 200 and 499");
    }

    @Test
    void pathMustBeAbsolute() {
        assertThatThrownBy(() -> withHealthCheck(h -> h.path("health")))
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
    void targetTimeoutIsTheIdleTimeoutAndItsRange() {
        assertThatThrownBy(() -> AlbConfig.builder().targetTimeout(Duration.ofSeconds(4001)).build())
                .hasMessageContaining("alb.targetTimeout: must be between 1s and 4000s");
    }

    @Test
    void scaledDurationsBelowOneMillisecondAreRejected() {
        assertThatThrownBy(() -> AlbConfig.builder().timeScale(0.0001).build())
                .hasMessageContaining("alb.healthCheck.timeout")
                .hasMessageContaining("raise timeScale");
    }
}
