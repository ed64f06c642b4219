package dev.firedrill.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.firedrill.harness.history.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeasuresTest {

    /** Writes every 10 ms from 0 to 6000 ms lasting 2 ms; those invoked in [down, up) fail. */
    static FakeRun writesWithOutage(double down, double up) {
        FakeRun r = new FakeRun();
        for (int t = 0; t < 6000; t += 10) {
            r.op("c" + (t / 10 % 4), "write", t, t + 2, t >= down && t < up ? EventType.FAIL : EventType.OK);
        }
        return r;
    }

    @Test
    void theOutageIsTheGapBetweenOkCompletionsAroundTheFault() {
        FakeRun r = writesWithOutage(1500, 4500);
        r.fault("f1", 1499, 1500, 4500);
        List<Outage> o = Measures.outages(r.history(), "write");
        assertThat(o).hasSize(1);
        assertThat(o.get(0).startMs()).as("last ok before: invoked 1490, done 1492").isCloseTo(1492, within(0.01));
        assertThat(o.get(0).endMs()).as("first ok after: invoked 4500, done 4502").isCloseTo(4502, within(0.01));
        assertThat(o.get(0).durationMs()).isCloseTo(3010, within(0.01));
        assertThat(o.get(0).faultDurationMs()).isCloseTo(3000, within(0.01));
        assertThat(o.get(0).firstFailureMs()).isCloseTo(1500, within(0.01));
        assertThat(o.get(0).recovered()).isTrue();
    }

    @Test
    void anOperationClassThatNeverComesBackHasNoEnd() {
        FakeRun r = writesWithOutage(1500, 99_999);
        r.fault("f1", 1500, 1500, 4500);
        Outage o = Measures.outages(r.history(), "write").get(0);
        assertThat(o.recovered()).isFalse();
        assertThat(o.durationMs()).isNaN();
    }

    @Test
    void anUnhurtClassHasOnlyItsNormalSpacingAsOutage() {
        FakeRun r = writesWithOutage(99_999, 99_999);
        r.fault("f1", 1500, 1500, 4500);
        assertThat(Measures.outages(r.history(), "write").get(0).durationMs()).isCloseTo(10, within(0.01));
    }

    @Test
    void availabilityLeavesIndeterminateOperationsOut() {
        FakeRun r = new FakeRun();
        r.op("c0", "write", 0, 1, EventType.OK).op("c0", "write", 2, 3, EventType.FAIL)
                .op("c0", "write", 4, 5, EventType.INFO).op("c0", "read", 6, 7, EventType.OK);
        assertThat(Measures.availability(r.history(), "write")).isEqualTo(0.5);
        assertThat(Measures.availability(r.history(), null)).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(Measures.availability(r.history(), "login")).isNaN();
    }

    @Test
    void percentilesAreOfOkLatenciesFromInvocation() {
        FakeRun r = new FakeRun();
        for (int i = 1; i <= 100; i++) {
            r.op("c0", "read", i * 1000, i * 1000 + i, EventType.OK);
        }
        r.op("c0", "read", 200_000, 290_000, EventType.FAIL);
        assertThat(Measures.percentileMs(r.history(), "read", 99)).isCloseTo(99, within(0.01));
        assertThat(Measures.percentileMs(r.history(), "read", 50)).isCloseTo(50, within(0.01));
        assertThat(Measures.percentileMs(r.history(), "write", 99)).isNaN();
    }
}
