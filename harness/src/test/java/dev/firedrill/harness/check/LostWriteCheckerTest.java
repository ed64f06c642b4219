package dev.firedrill.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.history.History;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LostWriteCheckerTest {

    @Test
    void findsExactlyTheOneAcknowledgedWriteMissingFromTheFinalRead() {
        History h = new SyntheticHistory()
                .ok("c1", "write", "a", 1L, 0, 5)
                .ok("c1", "write", "a", 2L, 10, 5)
                .ok("c2", "write", "b", 1L, 12, 5)
                .ok("c2", "write", "b", 2L, 20, 5)
                .op("c3", "write", "c", 1L, 30, 5, EventType.FAIL, null, 503)
                .build();
        Map<String, FinalValue> fin = Map.of("a", new FinalValue(2L, null), "b", new FinalValue(1L, null),
                "c", new FinalValue(1L, null));

        CheckResult r = new LostWriteChecker().check(CheckInput.of(h).withFinalState(fin));

        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(r.figures()).containsEntry("acknowledgedWrites", 4L).containsEntry("lostWrites", 1L)
                .containsEntry("failedWritesThatAppeared", 1L);
        assertThat(r.examples()).singleElement().asString().contains(" b v=2 ").contains("version 1");
    }

    @Test
    void failedWritesThatAppearAreReportedButNotViolations() {
        History h = new SyntheticHistory()
                .op("c1", "write", "a", 1L, 0, 5, EventType.INFO, null, null)
                .build();

        CheckResult r = new LostWriteChecker().check(CheckInput.of(h)
                .withFinalState(Map.of("a", new FinalValue(1L, null))));

        assertThat(r.verdict()).isEqualTo(Verdict.VALID);
        assertThat(r.figures()).containsEntry("indeterminateWritesThatAppeared", 1L);
    }

    @Test
    void missingFinalStateIsUnknownAndSaysWhatToProvide() {
        History h = new SyntheticHistory().ok("c1", "write", "a", 1L, 0, 5).build();

        CheckResult r = Checker.safe(new LostWriteChecker(), CheckInput.of(h));

        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.error()).contains("withFinalState");
    }
}
