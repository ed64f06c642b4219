package dev.firedrill.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.history.History;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaleReadCheckerTest {

    @Test
    void findsExactlyTheOneReadOlderThanAWriteAcknowledgedBeforeItBegan() {
        History h = new SyntheticHistory()
                .ok("w", "write", "a", 1L, 0, 10)
                .ok("w", "write", "a", 2L, 100, 10)       // acknowledged at 110 ms
                .ok("r1", "consistent_read", "a", 1L, 50, 5)   // before v2: fine
                .ok("r2", "consistent_read", "a", 1L, 105, 10) // concurrent with v2: fine
                .op("r3", "consistent_read", "a", 1L, 150, 5, EventType.OK, "replica", 200) // stale by 40 ms
                .ok("r4", "consistent_read", "a", 2L, 160, 5)
                .op("r5", "consistent_read", "a", 1L, 170, 5, EventType.FAIL, "replica", 500) // failed: ignored
                .build();

        CheckResult r = new StaleReadChecker().check(CheckInput.of(h));

        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(r.figures()).containsEntry("reads", 4L).containsEntry("staleReads", 1L)
                .containsEntry("maxStalenessMs", 40.0);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> byPool = (Map<String, Map<String, Object>>) r.figures().get("byPool");
        assertThat(byPool.get("replica")).as("the stale read came from the replica pool")
                .containsEntry("staleReads", 1L);
        assertThat(byPool.get("primary")).containsEntry("staleReads", 0L);
        assertThat(r.examples()).singleElement().asString().contains("r3");
    }

    @Test
    void staleReadsOfPlainReadsAreFiguresNotViolations() {
        History h = new SyntheticHistory()
                .ok("w", "write", "a", 1L, 0, 10)
                .op("r", "read", "a", null, 20, 5, EventType.OK, "replica", 200)
                .build();

        CheckResult r = new StaleReadChecker().check(CheckInput.of(h));

        assertThat(r.verdict()).isEqualTo(Verdict.VALID);
        assertThat(r.figures()).as("a not-found read after an acknowledged write is stale")
                .containsEntry("staleReads", 1L).containsEntry("strictStaleReads", 0L);
    }
}
