package dev.firedrill.harness.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The piecewise schedule of a stepped load profile: pure arithmetic, no clock. */
class RateScheduleStepsTest {
    private static final long S = 1_000_000_000L;

    private static RateSchedule stepped() {
        return new RateSchedule(50, List.of(new RateStep(Duration.ofSeconds(4), 300),
                new RateStep(Duration.ofSeconds(12), 50)));
    }

    @Test
    void dueByCountsEachSegmentAtItsOwnRate() {
        RateSchedule s = stepped();
        assertThat(s.dueBy(4 * S - 1)).as("50/s for 4 s: operations 0..199").isEqualTo(200);
        assertThat(s.dueBy(4 * S)).as("operation 200 starts exactly at the step").isEqualTo(201);
        assertThat(s.dueBy(5 * S)).as("then 300 a second").isEqualTo(501);
        assertThat(s.dueBy(12 * S)).isEqualTo(200 + 8 * 300 + 1);
        assertThat(s.dueBy(14 * S)).as("back to 50 a second").isEqualTo(200 + 2400 + 100 + 1);
    }

    @Test
    void dueByAgreesWithIntendedStartsAcrossEveryBoundary() {
        RateSchedule s = stepped();
        for (long n = 0; n < 3_000; n++) {
            long t = s.intendedNanos(n);
            assertThat(s.dueBy(t)).as("operation %d is due at its own intended start", n).isGreaterThan(n);
            assertThat(s.dueBy(t - 1)).as("and not a nanosecond before").isLessThanOrEqualTo(n);
        }
    }

    @Test
    void intendedStartsAreStrictlyIncreasingAndContinuousAtStepBoundaries() {
        RateSchedule s = new RateSchedule(7, List.of(new RateStep(Duration.ofMillis(1_234), 333.3),
                new RateStep(Duration.ofMillis(2_500), 0.9), new RateStep(Duration.ofMillis(9_001), 1_000)));
        long prev = -1;
        long maxGap = 0;
        for (long n = 0; n < 5_000; n++) {
            long t = s.intendedNanos(n);
            assertThat(t).as("operation %d after operation %d", n, n - 1).isGreaterThan(prev);
            if (prev >= 0) {
                maxGap = Math.max(maxGap, t - prev);
            }
            prev = t;
        }
        assertThat(maxGap).as("no gap longer than the slowest segment's period (±1 ns of rounding): no pause at a "
                + "boundary").isLessThanOrEqualTo(Math.round(S / 0.9) + 1);
    }

    @Test
    void aGapThatStraddlesABoundaryIsPartlyAtTheOldRateAndPartlyAtTheNew() {
        // 1/s until 1.5 s, then 10/s: operation 1 at 1 s; half an operation is left at 1.5 s, which at 10/s is 50 ms
        RateSchedule s = new RateSchedule(1, List.of(new RateStep(Duration.ofMillis(1_500), 10)));
        assertThat(s.intendedNanos(1)).isEqualTo(S);
        assertThat(s.intendedNanos(2)).isEqualTo(1_550_000_000L);
        assertThat(s.intendedNanos(3)).isEqualTo(1_650_000_000L);
    }

    @Test
    void withoutStepsTheScheduleIsTheConstantOne() {
        RateSchedule constant = new RateSchedule(123.4);
        RateSchedule empty = new RateSchedule(123.4, List.of());
        for (long n = 0; n < 1_000; n += 7) {
            assertThat(empty.intendedNanos(n)).isEqualTo(constant.intendedNanos(n)).isEqualTo(Math.round(n * 1e9 / 123.4));
        }
        assertThat(empty).isEqualTo(constant);
    }

    @Test
    void aStepAtZeroReplacesTheBaseRateFromTheStart() {
        RateSchedule s = new RateSchedule(1, List.of(new RateStep(Duration.ZERO, 100)));
        assertThat(s.intendedNanos(1)).isEqualTo(10_000_000L);
        assertThat(s.dueBy(S)).isEqualTo(101);
        assertThat(s.rateAt(0)).isEqualTo(100);
    }

    @Test
    void shiftingMovesTheStepsLaterAndRunsTheBaseRateMeanwhile() {
        RateSchedule s = stepped().shifted(Duration.ofSeconds(2));
        assertThat(s.rateAt(5 * S)).as("the warm-up and the first 4 s after it at the base rate").isEqualTo(50);
        assertThat(s.rateAt(6 * S)).isEqualTo(300);
        assertThat(s.rateAt(14 * S)).isEqualTo(50);
        assertThat(s.dueBy(6 * S)).isEqualTo(301);
        assertThat(s.periodNanosAt(7 * S)).isEqualTo(3_333_333L);
        assertThat(s.periodNanos()).as("the base period").isEqualTo(20_000_000L);
    }

    @Test
    void stepsMustBeInOrderOfTimeWithPositiveRates() {
        assertThatThrownBy(() -> new RateSchedule(10, List.of(new RateStep(Duration.ofSeconds(4), 30),
                new RateStep(Duration.ofSeconds(4), 40))))
                .hasMessageContaining("steps[1].at: 4s must be later than steps[0].at 4s")
                .hasMessageContaining("in order of time");
        assertThatThrownBy(() -> new RateStep(Duration.ofSeconds(1), 0)).hasMessageContaining("opsPerSecond")
                .hasMessageContaining("was 0.0");
        assertThatThrownBy(() -> new RateStep(Duration.ofSeconds(-1), 5)).hasMessageContaining("at must be ≥ 0");
        assertThatThrownBy(() -> new RateStep(Duration.ofSeconds(1), Double.NaN)).hasMessageContaining("positive");
    }
}
