package dev.firedrill.harness.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.TopologyException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AutoScalingYamlTest {

    @Test
    void aFleetWithoutAutoScalingIsAFixedFleetOnV1() {
        Fleet f = TopologyYaml.parse("").fleet();
        assertThat(f.autoScaling()).isNull();
        assertThat(f.version()).isEqualTo("v1");
    }

    @Test
    void autoScalingDefaultsAreAwsDefaults() {
        AutoScaling a = TopologyYaml.parse("fleet: {autoScaling: {max: 5}}\n").fleet().autoScaling();
        assertThat(a.min()).as("min defaults to the desired count").isEqualTo(3);
        assertThat(a.max()).isEqualTo(5);
        assertThat(a.healthCheckType()).as("AWS's default health-check type").isEqualTo(AutoScaling.HealthCheckType.EC2);
        assertThat(a.healthCheckGracePeriod()).isEqualTo(Duration.ofSeconds(300));
        assertThat(a.defaultCooldown()).isEqualTo(Duration.ofSeconds(300));
        assertThat(a.targetTracking()).isNull();
    }

    @Test
    void aTargetTrackingPolicyIsParsedWithItsWarmupDefaultingToTheCooldown() {
        AutoScaling a = TopologyYaml.parse("fleet:\n  count: 2\n  autoScaling:\n    min: 2\n    max: 6\n"
                + "    healthCheckType: elb\n    defaultCooldown: 120s\n"
                + "    targetTracking: {metric: requestCountPerTarget, target: 1200}\n").fleet().autoScaling();
        assertThat(a.healthCheckType()).isEqualTo(AutoScaling.HealthCheckType.ELB);
        assertThat(a.targetTracking().metric()).isEqualTo(AutoScaling.Metric.REQUEST_COUNT_PER_TARGET);
        assertThat(a.targetTracking().targetValue()).isEqualTo(1200);
        assertThat(a.targetTracking().instanceWarmup()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void aDesiredCountOutsideMinAndMaxNamesBothBounds() {
        assertThatThrownBy(() -> TopologyYaml.parse("fleet: {count: 7, autoScaling: {min: 2, max: 6}}\n"))
                .isInstanceOf(TopologyException.class).hasMessageContaining("fleet.count")
                .hasMessageContaining("between fleet.autoScaling.min 2 and max 6");
    }

    @Test
    void minAboveMaxIsRefused() {
        assertThatThrownBy(() -> TopologyYaml.parse("fleet: {autoScaling: {min: 4, max: 3}}\n"))
                .isInstanceOf(TopologyException.class).hasMessageContaining("0 ≤ min ≤ max ≤ 16");
    }

    @Test
    void anUnknownHealthCheckTypeOrMetricSaysWhatIsAllowed() {
        assertThatThrownBy(() -> TopologyYaml.parse("fleet: {autoScaling: {healthCheckType: http}}\n"))
                .hasMessageContaining("fleet.autoScaling.healthCheckType").hasMessageContaining("EC2")
                .hasMessageContaining("ELB");
        assertThatThrownBy(() -> TopologyYaml.parse("fleet: {autoScaling: {targetTracking: {metric: rps, target: 1}}}"
                + "\n")).hasMessageContaining("requestCountPerTarget or cpu");
        assertThatThrownBy(() -> TopologyYaml.parse("fleet: {autoScaling: {targetTracking: {metric: cpu}}}\n"))
                .hasMessageContaining("targetTracking.target").hasMessageContaining("is required");
        assertThatThrownBy(() -> TopologyYaml.parse("fleet: {autoScaling: {targetTracking: {metric: cpu, target: 150}}}"
                + "\n")).hasMessageContaining("≤ 100");
    }

    @Test
    void aTypoInAutoScalingIsCaught() {
        assertThatThrownBy(() -> TopologyYaml.parse("fleet: {autoScaling: {maxx: 3}}\n"))
                .hasMessageContaining("unknown field 'maxx'").hasMessageContaining("did you mean 'max'");
    }

    @Test
    void theReferenceAppKnowsItsReleasesAndDeclaredOnesAreAdded() {
        Fleet f = TopologyYaml.parse("fleet: {versions: {v4: {env: {FEATURE_X: \"on\"}}}}\n").fleet();
        assertThat(f.releases()).containsKeys("v1", "v2", "v3", "v2-unhealthy", "v2-errors", "v2-slow-start", "v4");
        assertThat(f.appOf("v4").orElseThrow().env()).containsEntry("FEATURE_X", "on").containsEntry("APP_VERSION",
                "v4");
        assertThat(f.appOf("v2-errors").orElseThrow().env()).containsEntry("APP_FAULT", "errors");
        assertThat(f.appOf("v9")).isEmpty();
    }

    @Test
    void aCommandFleetHasOnlyItsStartingAndDeclaredReleases() {
        Fleet f = TopologyYaml.parse("fleet: {app: {command: [python3, app.py]}, version: \"1.0\", versions: "
                + "{\"1.1\": {env: {X: \"1\"}}}}\n").fleet();
        assertThat(f.releases()).containsOnlyKeys("1.0", "1.1");
        assertThat(f.appOf("1.1").orElseThrow().command()).containsExactly("python3", "app.py");
    }

    @Test
    void aBadVersionNameIsRefused() {
        assertThatThrownBy(() -> TopologyYaml.parse("fleet: {version: \"v 2\"}\n"))
                .hasMessageContaining("fleet.version").hasMessageContaining("not a version name");
    }
}
