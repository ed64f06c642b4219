package dev.firedrill.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CleanHistoryTest {

    @Test
    void everyStandardCheckerFindsACleanHistoryValid() {
        SyntheticWorkload.Result w = SyntheticWorkload.generate(30_000, 42, 10_000, 12_000);

        List<CheckResult> results = Checker.runAll(StandardCheckers.all(), w.input());

        assertThat(results).allSatisfy(r -> assertThat(r.verdict()).as(r.name() + ": " + r.error() + " "
                + r.examples()).isEqualTo(Verdict.VALID));
        assertThat(results).extracting(CheckResult::name).containsExactly("lost-writes", "stale-reads",
                "recovery", "availability", "latency", "jobs", "sessions");
        Map<String, Object> lost = results.get(0).figures();
        assertThat((long) lost.get("acknowledgedWrites")).as("the workload really wrote").isGreaterThan(8_000);
        assertThat((long) results.get(1).figures().get("reads")).isGreaterThan(10_000);
        assertThat((long) results.get(5).figures().get("acknowledged")).isGreaterThan(1_000);
        assertThat((long) results.get(6).figures().get("checkedAfterHeal")).isGreaterThan(100);
    }

    @Test
    void availabilityDropsOnlyDuringTheFault() {
        SyntheticWorkload.Result w = SyntheticWorkload.generate(30_000, 7, 10_000, 12_000);

        CheckResult r = new AvailabilityChecker().check(w.input());

        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> f1 = (Map<String, Map<String, Object>>)
                ((Map<String, Object>) r.figures().get("perFault")).get("f1");
        assertThat((double) f1.get("before").get("availability")).isEqualTo(1.0);
        assertThat((double) f1.get("during").get("availability")).isBetween(0.4, 0.7);
        assertThat((double) f1.get("after").get("availability")).isEqualTo(1.0);
        assertThat((long) f1.get("during").get("info")).as("timeouts are counted apart").isPositive();
    }
}
