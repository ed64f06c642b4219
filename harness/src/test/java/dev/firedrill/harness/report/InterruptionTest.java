package dev.firedrill.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.check.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterruptionTest {
    final Interruption cut = new Interruption("run", Duration.ofMillis(4230));

    @Test
    void theReasonNamesThePhaseAndTheTime() {
        assertThat(cut.reason()).isEqualTo("run interrupted at run after 4.2 s");
    }

    @Test
    void aCheckThatFoundAProblemOnAnUnfinishedRunIsUnknownNotInvalid() {
        CheckResult open = CheckResult.of("recovery", Verdict.INVALID, Map.of("outages", 1), List.of("write never recovered"));
        CheckResult held = CheckResult.of("stale-reads", Verdict.VALID, Map.of(), List.of());
        List<CheckResult> partial = cut.partial(List.of(open, held));
        assertThat(partial.get(0).verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(partial.get(0).error()).contains("run interrupted at run after 4.2 s").contains("would be invalid");
        assertThat(partial.get(0).examples()).as("what it saw is kept").containsExactly("write never recovered");
        assertThat(partial.get(1)).as("what held on the part that ran still held").isEqualTo(held);
    }

    @Test
    void anSloOfAnInterruptedRunIsNotJudged() {
        SloVerdict v = cut.notJudged("noLostWrites", "0 lost");
        assertThat(v.measured()).isEqualTo("not judged");
        assertThat(v.message()).startsWith(cut.reason());
    }
}
