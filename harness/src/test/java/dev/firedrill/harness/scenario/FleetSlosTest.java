package dev.firedrill.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.history.History;
import dev.firedrill.harness.report.SloVerdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fleet's SLOs on hand-made histories. */
class FleetSlosTest {
    private final List<Event> events = new ArrayList<>();

    private void at(double seconds, Event.Builder b) {
        events.add(b.build(events.size(), Math.round(seconds * 1e9)));
    }

    private void fleet(double s, String action, String instance, String release, int inService, int desired) {
        at(s, Event.fleet(action, instance, release, "us-east-1a", action + " detail", inService, desired));
    }

    private void op(double s, String instance, EventType outcome, int status) {
        at(s, Event.invoke("c" + events.size(), "read").key("1"));
        Event inv = events.get(events.size() - 1);
        at(s + 0.001, Event.completing(inv, outcome).instance(instance).status(status));
    }

    private SloVerdict judge(Slo slo, double timeScale) {
        return slo.evaluate(new SloInput(History.of(events), List.of(), timeScale));
    }

    @Test
    void capacityRestoredMeasuresFromTheUnhealthyMarkToFullCapacityInService() {
        fleet(1, "unhealthy", "app-2", "v1", 2, 3);
        fleet(1, "terminate", "app-2", "v1", 2, 3);
        fleet(1.1, "launch", "app-4", "v1", 2, 3);
        fleet(4, "healthy", "app-4", "v1", 3, 3);
        SloVerdict v = judge(FleetSlos.capacityRestoredWithinAwsEquivalent(Duration.ofSeconds(100)), 0.05);
        assertThat(v.passed()).as(v.message()).isTrue();
        assertThat(v.measured()).isEqualTo("60 s AWS-equivalent (3.0 s)");

        v = judge(FleetSlos.capacityRestoredWithinAwsEquivalent(Duration.ofSeconds(40)), 0.05);
        assertThat(v.passed()).isFalse();
        assertThat(v.message()).contains("60 s AWS-equivalent after the loss, 20 s over the bound");
    }

    @Test
    void capacityNeverRestoredFailsAndSaysSo() {
        fleet(1, "unhealthy", "app-2", "v1", 2, 3);
        fleet(2, "healthy", "app-5", "v1", 2, 3);
        SloVerdict v = judge(FleetSlos.capacityRestoredWithinAwsEquivalent(Duration.ofSeconds(100)), 0.05);
        assertThat(v.passed()).isFalse();
        assertThat(v.message()).contains("never had its desired capacity in service again");
    }

    @Test
    void noUnhealthyInstanceMeansTheSloCannotPass() {
        SloVerdict v = judge(FleetSlos.capacityRestoredWithinAwsEquivalent(Duration.ofSeconds(100)), 0.05);
        assertThat(v.passed()).isFalse();
        assertThat(v.message()).contains("judged no instance unhealthy");
    }

    @Test
    void aRollbackIsJudgedOnItsTimeAndOnTheShareTheBadReleaseServed() {
        fleet(1, "deploy-start", null, "v2-errors", 3, 3);
        fleet(1.5, "launch", "app-4", "v2-errors", 3, 3);
        for (int i = 0; i < 18; i++) {
            op(2 + i * 0.01, "app-1", EventType.OK, 200);
        }
        op(2.5, "app-4", EventType.FAIL, 500);
        op(2.6, "app-4", EventType.OK, 200);
        fleet(4, "deploy-end", null, "v2-errors", 3, 3);
        events.set(events.size() - 1, Event.fleet("deploy-end", null, "v2-errors", null, "rolled back to v1: bad", 3, 3)
                .build(events.size() - 1, 4_000_000_000L));
        SloVerdict v = judge(FleetSlos.rolledBackWithinAwsEquivalent("v2-errors", Duration.ofSeconds(120), 0.2), 0.05);
        assertThat(v.passed()).as(v.message()).isTrue();
        assertThat(v.measured()).as("from the first request it answered, at 2.5 s").contains("30 s AWS-equivalent (1.5 s) "
                + "after it first answered a request").contains("10.0 % served by v2-errors");

        v = judge(FleetSlos.rolledBackWithinAwsEquivalent("v2-errors", Duration.ofSeconds(120), 0.05), 0.05);
        assertThat(v.passed()).isFalse();
        assertThat(v.message()).contains("answered 10.0 % of operations, 5.0 points over 5.0 %");
    }

    @Test
    void aReleasedBadVersionFailsTheRollbackSlo() {
        fleet(1, "deploy-start", null, "v2-errors", 3, 3);
        at(4, Event.fleet("deploy-end", null, "v2-errors", null, "released v2-errors after 3 s", 3, 3));
        SloVerdict v = judge(FleetSlos.rolledBackWithinAwsEquivalent("v2-errors", Duration.ofSeconds(120), 1), 0.05);
        assertThat(v.passed()).isFalse();
        assertThat(v.message()).contains("nothing judged it bad");
    }

    @Test
    void noFailedRequestsCountsFailuresAndTimeoutsByStatus() {
        op(1, "app-1", EventType.OK, 200);
        op(1.1, "app-1", EventType.FAIL, 404); // served: a definite answer
        assertThat(judge(FleetSlos.noFailedRequests(), 0.05).passed()).isTrue();
        op(1.2, "app-2", EventType.FAIL, 502);
        op(1.3, "app-2", EventType.INFO, 0);
        SloVerdict v = judge(FleetSlos.noFailedRequests(), 0.05);
        assertThat(v.passed()).isFalse();
        assertThat(v.message()).contains("2 of 4 operations failed or timed out").contains("502=1").contains("timeout=1");
    }

    @Test
    void scaleOutIsMeasuredFromTheLoadStep() {
        at(0, Event.sample("workload_rate", "workload", 20));
        at(2, Event.sample("workload_rate", "workload", 100));
        fleet(11, "scale", null, "v1", 2, 5);
        fleet(14, "healthy", "app-3", "v1", 3, 5);
        fleet(15, "healthy", "app-5", "v1", 5, 5);
        SloVerdict v = judge(FleetSlos.scaledOutWithinAwsEquivalent(5, Duration.ofSeconds(300)), 0.05);
        assertThat(v.passed()).as(v.message()).isTrue();
        assertThat(v.measured()).isEqualTo("260 s AWS-equivalent (13.0 s)");
        v = judge(FleetSlos.scaledOutWithinAwsEquivalent(6, Duration.ofSeconds(300)), 0.05);
        assertThat(v.passed()).isFalse();
        assertThat(v.message()).contains("never had 6 instances in service").contains("at most 5");
    }

    @Test
    void fleetEventsAreNotOperations() {
        fleet(1, "launch", "app-4", "v1", 3, 3);
        op(2, "app-1", EventType.OK, 200);
        assertThat(History.of(events).operations().size()).isEqualTo(1);
        assertThat(History.of(events).fleetEvents()).hasSize(1);
    }
}
