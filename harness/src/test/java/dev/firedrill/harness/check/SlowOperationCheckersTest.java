package dev.firedrill.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.history.History;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The standard checkers on a history that holds the workload's {@code slow} operations. */
class SlowOperationCheckersTest {
    private static final Map<String, FinalValue> FINAL = Map.of("a", new FinalValue(2L, null));

    private static SyntheticHistory base() {
        return new SyntheticHistory()
                .ok("w", "write", "a", 1L, 0, 10)
                .ok("w", "write", "a", 2L, 100, 10)
                .ok("r", "consistent_read", "a", 2L, 150, 5)
                .ok("m", "login", "s1", null, 160, 5);
    }

    private static History withSlow() {
        return base()
                .op("s1", "slow", null, null, 20, 300, EventType.OK, null, 200)
                .op("s2", "slow", null, null, 40, 120, EventType.FAIL, null, 502)
                .op("s3", "slow", null, null, 60, 90, EventType.FAIL, null, null) // connection reset: no answer
                .op("s4", "slow", null, null, 80, 1000, EventType.INFO, null, null) // the harness timed out
                .build();
    }

    private static CheckInput input(History h) {
        return CheckInput.of(h).withFinalState(FINAL).withJobs(Map.of(), Duration.ofSeconds(30));
    }

    @Test
    void everyStandardCheckerJudgesAHistoryWithSlowOperationsAsItJudgesOneWithout() {
        History with = withSlow();
        History without = base().build();
        for (Checker c : StandardCheckers.all()) {
            CheckResult a = Checker.safe(c, input(with));
            CheckResult b = Checker.safe(c, input(without));
            assertThat(a.error()).as("%s does not choke on slow operations", c.name()).isNull();
            assertThat(a.verdict()).as(c.name()).isEqualTo(b.verdict());
        }
    }

    @Test
    void lostWriteAndStaleReadCheckersIgnoreSlowOperations() {
        for (Checker c : new Checker[] {new LostWriteChecker(), new StaleReadChecker()}) {
            assertThat(c.check(input(withSlow())).figures())
                    .as("%s: the same figures with or without slow operations", c.name())
                    .isEqualTo(c.check(input(base().build())).figures());
        }
    }

    @Test
    void availabilityCountsSlowOperationsLikeAnyRequestAndLeavesTimeoutsOut() {
        CheckResult r = new AvailabilityChecker().check(input(withSlow()));
        @SuppressWarnings("unchecked")
        Map<String, Object> overall = (Map<String, Object>) r.figures().get("overall");
        assertThat(overall).containsEntry("ok", 5L).containsEntry("fail", 2L).containsEntry("info", 1L);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> byOp = (Map<String, Map<String, Object>>) overall.get("byOp");
        assertThat(byOp.get("slow")).containsEntry("ok", 1L).containsEntry("fail", 2L).containsEntry("info", 1L);
        @SuppressWarnings("unchecked")
        Map<String, Long> errors = (Map<String, Long>) overall.get("errorsByStatus");
        assertThat(errors).containsEntry("502", 1L).containsEntry("none", 2L);
    }

    @Test
    void latencyReportsSlowOperationsAsAClassOfTheirOwn() {
        @SuppressWarnings("unchecked")
        Map<String, Object> classes = (Map<String, Object>) new LatencyChecker().check(input(withSlow())).figures()
                .get("classes");
        assertThat(classes).containsKeys("slow", "write", "consistent_read");
    }
}
