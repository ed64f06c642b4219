package dev.firedrill.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.history.History;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobCheckerTest {

    /** Ten acknowledged enqueues j0..j9 and one that failed (jx). */
    private static History enqueues() {
        SyntheticHistory h = new SyntheticHistory();
        for (int i = 0; i < 10; i++) {
            h.ok("c" + i, "enqueue", "j" + i, null, 100 * i, 20);
        }
        h.op("c10", "enqueue", "jx", null, 1100, 20, EventType.FAIL, null, 503);
        return h.build();
    }

    private static CheckResult check(Map<String, JobOutcome> jobs) {
        return new JobChecker().check(CheckInput.of(enqueues()).withJobs(jobs, Duration.ofSeconds(10)));
    }

    @Test
    void findsTheLostJobAndTheDuplicateEachWithItsExample() {
        Map<String, JobOutcome> jobs = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            jobs.put("j" + i, JobOutcome.processed(1, 1, false));
        }
        jobs.remove("j3");
        jobs.put("j7", JobOutcome.processed(2, 2, false));
        jobs.put("j8", JobOutcome.processed(1, 3, false));

        CheckResult r = check(jobs);

        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(r.figures()).containsEntry("acknowledged", 10L).containsEntry("lost", 1L)
                .containsEntry("duplicates", 1L).containsEntry("extraExecutions", 1L)
                .containsEntry("redelivered", 2L).containsEntry("maxAttempts", 3L);
        assertThat(r.examples()).hasSize(2);
        assertThat(r.examples().get(0)).startsWith("job j3 ").endsWith("was never processed");
        assertThat(r.examples().get(1)).startsWith("job j7 ").contains("ran 2 times (2 deliveries)");
    }

    @Test
    void manyLostJobsDoNotCrowdOutTheDuplicateExample() {
        Map<String, JobOutcome> jobs = new HashMap<>();
        jobs.put("j9", JobOutcome.processed(3, 3, false));

        CheckResult r = check(jobs);

        assertThat(r.figures()).containsEntry("lost", 9L).containsEntry("duplicates", 1L);
        assertThat(r.examples()).hasSize(4).last().asString().startsWith("job j9 ").contains("ran 3 times");
    }

    @Test
    void withoutARunCountDuplicatesAreUnknownNotZero() {
        Map<String, JobOutcome> jobs = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            jobs.put("j" + i, JobOutcome.processed(1, 2, false, false));
        }

        CheckResult r = check(jobs);

        assertThat(r.verdict()).isEqualTo(Verdict.VALID);
        assertThat(r.figures()).containsEntry("runsCounted", 0L).containsEntry("duplicates", null)
                .containsEntry("redelivered", 10L);
    }

    @Test
    void jobsThatNeverRanStillTellDuplicatesWhenTheAppCountsRuns() {
        Map<String, JobOutcome> jobs = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            jobs.put("j" + i, JobOutcome.processed(0, 0, false));
        }

        CheckResult r = check(jobs);

        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(r.figures()).containsEntry("lost", 10L).containsEntry("runsCounted", 10L)
                .containsEntry("duplicates", 0L);
    }

    @Test
    void aJobFirstProcessedAfterTheBoundPastTheHealIsLate() {
        SyntheticHistory h = new SyntheticHistory();
        h.ok("c0", "enqueue", "early", null, 100, 20);
        h.ok("c1", "enqueue", "slow", null, 200, 20);
        h.fault("f1", "queue-outage", "sqs", 1_000, 2_000);
        Map<String, JobOutcome> jobs = Map.of(
                "early", new JobOutcome(1, 1, false, SyntheticHistory.ms(5_000)),
                "slow", new JobOutcome(1, 2, false, SyntheticHistory.ms(12_500)));

        CheckResult r = new JobChecker().check(CheckInput.of(h.build()).withJobs(jobs, Duration.ofSeconds(10)));

        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(r.figures()).containsEntry("late", 1L).containsEntry("lost", 0L).containsEntry("timedJobs", 2L)
                .containsEntry("maxProcessingDelayMs", 12_280.0);
        assertThat(r.examples()).singleElement().asString().startsWith("job slow processed at 12500");
    }
}
