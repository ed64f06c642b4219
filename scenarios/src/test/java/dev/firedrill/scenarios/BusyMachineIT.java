package dev.firedrill.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.scenario.RunResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verdicts on a machine whose cores are both taken by another job: each SLO is the verdict a quiet run gives
 * ({@link InstanceLossScenarioIT}: all pass; the weakened stack fails sessionsSurvive) or inconclusive with its
 * reason — never a different pass or fail.
 */
class BusyMachineIT {

    @Test
    void underACpuHogEveryNominalSloPassesOrIsInconclusiveWithItsReasonNeverFailed() throws Exception {
        RunResult r;
        try (CpuHog hog = CpuHog.onEveryCore()) {
            r = BuiltinScenario.run(BuiltinScenario.rename(BuiltinScenario.load("instance-loss"), "busy"));
        }
        assertThat(r.slos()).as("a busy machine does not fail a healthy stack").allSatisfy(v -> {
            assertThat(v.outcome()).isIn(SloVerdict.Outcome.PASSED, SloVerdict.Outcome.INCONCLUSIVE);
            if (v.isInconclusive()) {
                assertThat(v.inconclusive()).as("an inconclusive verdict says when the harness could not keep time")
                        .containsPattern("(paused|behind its schedule|CPUs were contended).* \\d+\\.\\d s");
            }
        });
        assertThat(r.stalls().all()).as("the harness saw the other job take the CPUs").isNotEmpty();
        assertThat(r.error()).isNull();
    }

    @Test
    void underACpuHogAStackThatLosesSessionsStillFailsTheSessionsSlo() throws Exception {
        RunResult r;
        try (CpuHog hog = CpuHog.onEveryCore()) {
            r = BuiltinScenario.run(BuiltinScenario.withAppEnv(BuiltinScenario.load("instance-loss"),
                    "busy-weak-memory-sessions", Map.of("SESSION_STORE", "memory")));
        }
        SloVerdict v = r.slo("sessions survive").orElseThrow();
        assertThat(v.outcome()).as("sessions rejected with 401 are a broken stack, whatever the load: %s", v.message())
                .isEqualTo(SloVerdict.Outcome.FAILED);
        assertThat(r.slos()).as("no SLO of the weakened run passes only because of the load")
                .noneMatch(s -> s.name().equals("sessions survive") && s.passed());
    }
}
