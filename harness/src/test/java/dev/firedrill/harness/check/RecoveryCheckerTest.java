package dev.firedrill.harness.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.history.History;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecoveryCheckerTest {

    /** Writes every 10 ms for 20 s, taking 2 ms each; all fail from 10.0 s to 13.2 s. */
    private static History outageOf3200ms() {
        SyntheticHistory s = new SyntheticHistory().fault("f1", "kill", "db-primary", 9_950, 12_000);
        for (int i = 0; i < 2_000; i++) {
            double t = i * 10.0;
            boolean down = t >= 10_000 && t < 13_200;
            s.op("c" + (i % 4), "write", "k", null, t, 2, down ? EventType.FAIL : EventType.OK, "primary",
                    down ? 503 : 200);
        }
        return s.build();
    }

    @Test
    void measuresA3200msOutageToTheMillisecond() {
        CheckResult r = new RecoveryChecker().check(CheckInput.of(outageOf3200ms()));

        Map<String, Object> write = classFigures(r, "f1", "write");
        @SuppressWarnings("unchecked")
        Map<String, Object> outage = (Map<String, Object>) write.get("outage");
        assertThat((double) outage.get("durationMs")).as("last ok at 9 992 ms, next ok at 13 202 ms")
                .isCloseTo(3_210.0, within(0.5));
        assertThat((double) outage.get("startMs")).isCloseTo(9_992.0, within(0.5));
        assertThat((double) write.get("firstFailureMs")).isCloseTo(50.0, within(0.5));
        assertThat((double) write.get("firstOkMs")).isCloseTo(3_252.0, within(0.5));
        assertThat((double) write.get("longestGapMs")).isCloseTo(3_210.0, within(0.5));
        assertThat((double) write.get("recoveryMs"))
                .as("at 14 180 ms the trailing 1 s holds 99 ok and only the last failure (13 190 ms): 99 %")
                .isCloseTo(14_180.0 - 9_950, within(0.5));
        assertThat(r.verdict()).isEqualTo(Verdict.VALID);
        assertThat(r.examples()).singleElement().asString().contains("write had no ok for 3210.0 ms");
    }

    @Test
    void aClassThatNeverRecoversAfterHealIsInvalid() {
        SyntheticHistory s = new SyntheticHistory().fault("f1", "kill", "db-primary", 1_000, 2_000);
        for (int i = 0; i < 400; i++) {
            s.op("c", "write", "k", null, i * 10.0, 2, i * 10 < 1_000 ? EventType.OK : EventType.FAIL, null, 503);
        }

        CheckResult r = new RecoveryChecker().check(CheckInput.of(s.build()));

        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(classFigures(r, "f1", "write").get("recoveryMs")).isNull();
    }

    @Test
    void versionConflictsAfterTheHealAreTheServiceWorkingNotAnOutage() {
        SyntheticHistory s = new SyntheticHistory().fault("f1", "partition", "db-writer", 1_000, 2_000);
        for (int i = 0; i < 400; i++) {
            double t = i * 10.0;
            boolean down = t >= 1_000 && t < 2_000;
            boolean conflict = !down && i % 20 == 0; // 5 % of updates lose an optimistic-concurrency race
            s.op("c", "write", "k", null, t, 2, down || conflict ? EventType.FAIL : EventType.OK, null,
                    down ? 503 : conflict ? 409 : 200);
        }

        CheckResult r = new RecoveryChecker().check(CheckInput.of(s.build()));

        assertThat(r.verdict()).as("409s keep the ok rate at 95 %%, yet every request was answered").isEqualTo(
                Verdict.VALID);
        assertThat((double) classFigures(r, "f1", "write").get("recoveryMs")).as("1 s after the heal")
                .isBetween(1_000.0, 2_100.0);
    }

    @Test
    void timeoutsAndThrottlingAfterTheHealAreStillFailures() {
        SyntheticHistory s = new SyntheticHistory().fault("f1", "partition", "db-writer", 1_000, 2_000);
        for (int i = 0; i < 400; i++) {
            double t = i * 10.0;
            boolean bad = t >= 1_000 && i % 20 != 0;
            s.op("c", "write", "k", null, t, 2, bad ? EventType.FAIL : EventType.OK, null,
                    bad ? (i % 2 == 0 ? 429 : 408) : 200);
        }

        CheckResult r = new RecoveryChecker().check(CheckInput.of(s.build()));

        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> classFigures(CheckResult r, String fault, String cls) {
        Map<String, Object> f = (Map<String, Object>) ((Map<String, Object>) r.figures().get("perFault")).get(fault);
        return (Map<String, Object>) ((Map<String, Object>) f.get("classes")).get(cls);
    }
}
