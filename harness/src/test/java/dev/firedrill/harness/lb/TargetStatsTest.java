package dev.firedrill.harness.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetStatsTest {
    private static final List<Double> BOUNDS = TargetStats.latencyBucketUpperBoundsMillis();

    /** Stats with one 2xx response per latency given, in milliseconds. */
    private static TargetStats of(double... millis) {
        List<Long> buckets = new ArrayList<>(java.util.Collections.nCopies(BOUNDS.size(), 0L));
        for (double ms : millis) {
            int i = 0;
            while (BOUNDS.get(i) < ms) {
                i++;
            }
            buckets.set(i, buckets.get(i) + 1);
        }
        return new TargetStats(millis.length, millis.length, 0, 0, 0, buckets);
    }

    @Test
    void bucketsRunLogSpacedFromATenthOfAMillisecondToOneMinute() {
        assertThat(BOUNDS.get(0)).isEqualTo(0.1);
        assertThat(BOUNDS.get(20)).as("20 buckets per decade").isEqualTo(1.0);
        assertThat(BOUNDS.get(BOUNDS.size() - 2)).isEqualTo(60_000.0);
        assertThat(BOUNDS.get(BOUNDS.size() - 1)).isInfinite();
        for (int i = 1; i < BOUNDS.size() - 1; i++) {
            assertThat(BOUNDS.get(i) / BOUNDS.get(i - 1)).as("bucket %d is at most 12.2 %% wider", i)
                    .isGreaterThan(1.0).isLessThanOrEqualTo(1.1221);
        }
    }

    @Test
    void aQuantileIsTheUpperBoundOfTheBucketItFallsIn() {
        double[] ms = new double[100];
        for (int i = 0; i < 100; i++) {
            ms[i] = i < 98 ? 5 : 900;
        }
        TargetStats s = of(ms);

        assertThat(s.quantileMillis(0.5)).isBetween(5.0, 5.0 * 1.1221);
        assertThat(s.quantileMillis(0.98)).as("98 of 100 are fast").isBetween(5.0, 5.0 * 1.1221);
        assertThat(s.quantileMillis(0.99)).isBetween(900.0, 900.0 * 1.1221);
        assertThat(s.quantileMillis(0)).as("q=0 is the fastest bucket").isEqualTo(s.quantileMillis(0.01));
        assertThat(of(120_000).quantileMillis(0.5)).as("beyond a minute").isInfinite();
        assertThat(TargetStats.empty().quantileMillis(0.99)).isNaN();
        assertThatThrownBy(() -> s.quantileMillis(99)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("e.g. 0.99 for p99; got 99.0");
    }

    @Test
    void sinceSubtractsAnEarlierSnapshotAndRejectsSwappedOnes() {
        TargetStats earlier = of(1, 1, 1);
        TargetStats later = earlier.plus(new TargetStats(2, 0, 0, 0, 2, of(800, 800).latencyBuckets()));

        TargetStats window = later.since(earlier);

        assertThat(window.requests()).isEqualTo(2);
        assertThat(window.responses5xx()).isEqualTo(2);
        assertThat(window.errorRate()).isEqualTo(1.0);
        assertThat(window.quantileMillis(0.5)).as("only the window's latencies").isGreaterThanOrEqualTo(800);
        assertThat(later.errorRate()).isEqualTo(2 / 5.0);
        assertThatThrownBy(() -> earlier.since(later)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("call later.since(earlier)");
    }

    @Test
    void errorRateCountsOnlyExchangesThatEnded() {
        TargetStats oneFailedOneInFlight = new TargetStats(2, 0, 0, 0, 1, of(3).latencyBuckets());

        assertThat(oneFailedOneInFlight.errorRate()).as("the request in flight has no outcome yet").isEqualTo(1.0);
        assertThat(TargetStats.empty().errorRate()).isZero();
    }

    @Test
    void aLatencyListOfTheWrongLengthIsRejected() {
        assertThatThrownBy(() -> new TargetStats(0, 0, 0, 0, 0, List.of(1L, 2L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latencyBuckets has 2 counts");
    }
}
