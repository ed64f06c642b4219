package dev.firedrill.harness.lb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.lb.ReasonCode;
import dev.firedrill.harness.lb.TargetState;
import org.junit.jupiter.api.Test;

class HealthStateMachineTest {
    private static final CheckResult TIMEOUT = CheckResult.failed(ReasonCode.TARGET_TIMEOUT, "Request timed out");
    private final HealthStateMachine m = new HealthStateMachine(3, 2);

    @Test
    void newTargetIsInitialWithRegistrationInProgress() {
        assertThat(m.health().state()).isEqualTo(TargetState.INITIAL);
        assertThat(m.health().reason()).isEqualTo(ReasonCode.ELB_REGISTRATION_IN_PROGRESS);
    }

    @Test
    void onePassedCheckMakesANewTargetHealthy() {
        m.onCheck(CheckResult.PASSED);
        assertThat(m.health().state()).isEqualTo(TargetState.HEALTHY);
        assertThat(m.health().reason()).isEqualTo(ReasonCode.NONE);
    }

    @Test
    void newTargetFailingItsInitialChecksTurnsUnhealthyAtTheUnhealthyThreshold() {
        m.onCheck(TIMEOUT);
        assertThat(m.health().reason()).isEqualTo(ReasonCode.ELB_INITIAL_HEALTH_CHECKING);
        m.onCheck(TIMEOUT);
        assertThat(m.health().state()).isEqualTo(TargetState.UNHEALTHY);
        assertThat(m.health().reason()).isEqualTo(ReasonCode.TARGET_TIMEOUT);
    }

    @Test
    void healthyTargetNeedsConsecutiveFailuresToTurnUnhealthy() {
        m.onCheck(CheckResult.PASSED);
        m.onCheck(TIMEOUT);
        m.onCheck(CheckResult.PASSED);
        m.onCheck(TIMEOUT);
        assertThat(m.health().state()).as("failures were not consecutive").isEqualTo(TargetState.HEALTHY);
        m.onCheck(TIMEOUT);
        assertThat(m.health().state()).isEqualTo(TargetState.UNHEALTHY);
    }

    @Test
    void unhealthyTargetNeedsHealthyThresholdConsecutivePassesToRecover() {
        m.onCheck(TIMEOUT);
        m.onCheck(TIMEOUT);
        m.onCheck(CheckResult.PASSED);
        m.onCheck(CheckResult.PASSED);
        m.onCheck(TIMEOUT);
        m.onCheck(CheckResult.PASSED);
        m.onCheck(CheckResult.PASSED);
        assertThat(m.health().state()).as("the failure reset the streak").isEqualTo(TargetState.UNHEALTHY);
        m.onCheck(CheckResult.PASSED);
        assertThat(m.health().state()).isEqualTo(TargetState.HEALTHY);
    }

    @Test
    void drainingTargetIgnoresCheckResults() {
        m.onCheck(CheckResult.PASSED);
        m.drain();
        m.onCheck(TIMEOUT);
        m.onCheck(TIMEOUT);
        assertThat(m.health().state()).isEqualTo(TargetState.DRAINING);
        m.retire();
        assertThat(m.health().state()).isEqualTo(TargetState.UNUSED);
        assertThat(m.health().reason()).isEqualTo(ReasonCode.TARGET_NOT_REGISTERED);
    }
}
