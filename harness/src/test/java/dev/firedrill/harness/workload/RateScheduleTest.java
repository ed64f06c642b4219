package dev.firedrill.harness.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateScheduleTest {

    @Test
    void intendedStartsAreEvenlySpacedFromTheOrigin() {
        RateSchedule s = new RateSchedule(200);
        assertThat(s.intendedNanos(0)).isZero();
        assertThat(s.intendedNanos(1)).isEqualTo(5_000_000L);
        assertThat(s.intendedNanos(200)).as("200 ops at 200/s start within one second").isEqualTo(1_000_000_000L);
        assertThat(s.periodNanos()).isEqualTo(5_000_000L);
    }

    @Test
    void dueByCountsEveryOperationWhoseIntendedStartHasPassed() {
        RateSchedule s = new RateSchedule(3);
        assertThat(s.dueBy(-1)).isZero();
        assertThat(s.dueBy(0)).as("operation 0 is due at the origin").isEqualTo(1);
        assertThat(s.dueBy(333_333_332L)).isEqualTo(1);
        assertThat(s.dueBy(333_333_333L)).isEqualTo(2);
        assertThat(s.dueBy(1_000_000_000L)).isEqualTo(4);
    }

    @Test
    void aStallDoesNotShiftLaterIntendedStarts() {
        RateSchedule s = new RateSchedule(100);
        // whatever happened before, operation 500 is intended at exactly 5 s: the schedule never waits
        assertThat(s.intendedNanos(500)).isEqualTo(5_000_000_000L);
        assertThat(s.dueBy(5_000_000_000L)).as("after a 5 s stall, 501 operations are due at once").isEqualTo(501);
    }

    @Test
    void fractionalRatesRoundToTheNearestNanosecond() {
        RateSchedule s = new RateSchedule(0.5);
        assertThat(s.intendedNanos(3)).isEqualTo(6_000_000_000L);
    }

    @Test
    void aRateMustBePositiveAndFinite() {
        assertThatThrownBy(() -> new RateSchedule(0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new RateSchedule(Double.NaN)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new RateSchedule(Double.POSITIVE_INFINITY)).hasMessageContaining("positive");
    }
}
