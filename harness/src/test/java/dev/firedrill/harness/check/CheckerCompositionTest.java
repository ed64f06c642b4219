package dev.firedrill.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.history.History;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckerCompositionTest {
    private static final History EMPTY = History.of(List.of());

    private static Checker fixed(String name, Verdict v) {
        return new Checker() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CheckResult check(CheckInput input) {
                return CheckResult.of(name, v, Map.of(), List.of());
            }
        };
    }

    @Test
    void aThrowingCheckerYieldsUnknownWithTheError() {
        Checker boom = new Checker() {
            @Override
            public String name() {
                return "boom";
            }

            @Override
            public CheckResult check(CheckInput input) {
                throw new IllegalStateException("division by zero in bucket 7");
            }
        };

        CheckResult r = Checker.safe(boom, CheckInput.of(EMPTY));

        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.name()).isEqualTo("boom");
        assertThat(r.error()).contains("IllegalStateException").contains("division by zero in bucket 7");
    }

    @Test
    void compositionRanksInvalidOverUnknownOverValid() {
        Checker validAndUnknown = Checker.compose("all", List.of(fixed("a", Verdict.VALID),
                fixed("b", Verdict.UNKNOWN)));
        Checker withInvalid = Checker.compose("all", List.of(fixed("a", Verdict.VALID),
                fixed("b", Verdict.UNKNOWN), fixed("c", Verdict.INVALID)));

        assertThat(validAndUnknown.check(CheckInput.of(EMPTY)).verdict()).isEqualTo(Verdict.UNKNOWN);
        CheckResult r = withInvalid.check(CheckInput.of(EMPTY));
        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(r.figures()).containsOnlyKeys("a", "b", "c");
        assertThat(Checker.compose("none", List.of()).check(CheckInput.of(EMPTY)).verdict())
                .isEqualTo(Verdict.VALID);
    }
}
