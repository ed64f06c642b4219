package dev.firedrill.scenarios;

import static dev.firedrill.harness.junit.FiredrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.check.JobChecker;
import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.scenario.RunResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Built-in scenario {@code queue-outage}: SQS blackholed for 10 s. */
class QueueOutageScenarioIT {

    @Test
    void enqueueErrorsAreVisibleAndNoAcknowledgedJobIsLost() {
        RunResult r = BuiltinScenario.run(BuiltinScenario.load("queue-outage"));

        CheckResult jobs = r.check(JobChecker.NAME).orElseThrow();
        System.out.println("queue-outage jobs: " + jobs.figures());
        assertThat(r).completedWithoutError().passedAllSlos();
        assertThat(jobs.figure(JobChecker.REDELIVERED).orElseThrow())
                .as("messages in hand when SQS went dark are delivered again: the dedup SLO is really exercised")
                .isPositive();
    }

    @Test
    void aWorkerThatDoesNotDeduplicateRedeliveriesRunsJobsTwiceAndTheSloSaysHowMany() {
        RunResult r = BuiltinScenario.run(BuiltinScenario.withAppEnv(BuiltinScenario.load("queue-outage"),
                "weak-no-dedup", Map.of("JOBS_DEDUP", "false")));

        SloVerdict v = BuiltinScenario.slo(r, "no duplicate jobs");
        assertThat(v.failed()).as("redelivered jobs run again without the dedup record").isTrue();
        assertThat(v.message()).as("the message counts the duplicated jobs").containsPattern(
                "\\d+ of \\d+ acknowledged job\\(s\\) ran more than once");
    }

    @Test
    void acknowledgingBeforeSqsAcceptedTheMessageLosesJobsAndTheSloSaysHowMany() {
        RunResult r = BuiltinScenario.run(BuiltinScenario.withAppEnv(BuiltinScenario.load("queue-outage"),
                "weak-ack-before-send", Map.of("JOBS_ACK_BEFORE_SEND", "true")));

        SloVerdict v = BuiltinScenario.slo(r, "no lost jobs");
        assertThat(v.failed()).as("202 before SendMessage loses the jobs SQS never got").isTrue();
        assertThat(v.message()).as("the message counts the lost jobs").containsPattern(
                "\\d+ of \\d+ acknowledged job\\(s\\) never processed");
    }
}
