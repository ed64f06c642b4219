package dev.firedrill.harness.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.lb.AlbSimulator;
import dev.firedrill.harness.topology.AutoScaling;
import dev.firedrill.harness.topology.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The group's and deployments' logic on an in-memory fleet ({@link FakeFleet}); AWS timers × 0.001. */
class FleetManagerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Topology topology(AutoScaling asg) {
        return Topology.defaults().toBuilder().timeScale(0.001).fleet(f -> f.withAutoScaling(asg)).build();
    }

    private static AutoScaling elb(Duration grace) {
        return new AutoScaling(3, 6, AutoScaling.HealthCheckType.ELB, grace, Duration.ofSeconds(300), null);
    }

    @Test
    void rollingReplacesEveryInstanceBatchByBatchNeverTwoAtOnce() {
        FakeFleet fleet = new FakeFleet(topology(null));
        List<FleetEvent> events = new CopyOnWriteArrayList<>();
        try (FleetManager m = FleetManager.start(fleet)) {
            m.addListener(events::add);
            DeployResult r = m.deploy(DeploySpec.of(DeployStrategy.ROLLING, "v2").withBatchSize("1")
                    .withMinHealthyPercent(66));
            assertThat(r.released()).as(r.reason()).isTrue();
            assertThat(fleet.releases()).containsOnly("v2").hasSize(3);
            assertThat(m.release()).isEqualTo("v2");
        }
        int terminating = 0;
        int most = 0;
        for (FleetEvent e : events) {
            if (e.action() == FleetEvent.Action.TERMINATE) {
                most = Math.max(most, ++terminating);
            } else if (e.action() == FleetEvent.Action.TERMINATED) {
                terminating--;
            }
        }
        assertThat(most).as("batch size 1: one instance out of service at a time").isEqualTo(1);
        assertThat(events).filteredOn(e -> e.action() == FleetEvent.Action.DEPLOY_STEP).hasSize(3);
    }

    @Test
    void aReleaseThatNeverTurnsHealthyIsRolledBackToTheOldOne() {
        FakeFleet fleet = new FakeFleet(topology(null));
        fleet.neverHealthy.add("v2-unhealthy");
        try (FleetManager m = FleetManager.start(fleet)) {
            DeployResult r = m.deploy(DeploySpec.of(DeployStrategy.ROLLING, "v2-unhealthy").withBatchSize("1")
                    .withHealthTimeout(Duration.ofSeconds(100)));
            assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
            assertThat(r.reason()).contains("was not healthy within the health timeout").contains("100 s AWS");
            assertThat(fleet.releases()).containsOnly("v1").hasSize(3);
            assertThat(m.release()).isEqualTo("v1");
        }
    }

    @Test
    void blueGreenSwitchesTheListenerOnlyOnceTheNewGroupIsHealthyAndRetiresTheOldOne() {
        FakeFleet fleet = new FakeFleet(topology(null));
        try (FleetManager m = FleetManager.start(fleet)) {
            DeployResult r = m.deploy(DeploySpec.of(DeployStrategy.BLUE_GREEN, "v2")
                    .withBakeTime(Duration.ofSeconds(20)));
            assertThat(r.released()).isTrue();
        }
        assertThat(fleet.weights).last().isEqualTo(Map.of("green", 100));
        assertThat(fleet.instances()).hasSize(3).allMatch(i -> i.targetGroup().equals("green")
                && i.release().equals("v2"));
    }

    @Test
    void aCanaryWithTooMany5xxIsRolledBackAndTheListenerGoesBack() {
        FakeFleet fleet = new FakeFleet(topology(null));
        try (FleetManager m = FleetManager.start(fleet)) {
            Thread errors = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    fleet.instances().stream().filter(i -> i.release().equals("v2-errors"))
                            .forEach(i -> fleet.serve(i.id(), 10, 5));
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            errors.start();
            try {
                DeployResult r = m.deploy(DeploySpec.of(DeployStrategy.CANARY, "v2-errors")
                        .withBakeTime(Duration.ofSeconds(600)));
                assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
                assertThat(r.reason()).contains("got a 5xx, above the 5.0 % allowed");
            } finally {
                errors.interrupt();
            }
        }
        assertThat(fleet.weights).contains(Map.of(AlbSimulator.DEFAULT_TARGET_GROUP, 90, "green", 10));
        assertThat(fleet.weights).last().isEqualTo(Map.of(AlbSimulator.DEFAULT_TARGET_GROUP, 100));
        assertThat(fleet.releases()).containsOnly("v1").hasSize(3);
    }

    @Test
    void theGroupReplacesADeadInstanceInTheSameAz() {
        FakeFleet fleet = new FakeFleet(topology(elb(Duration.ofSeconds(300))));
        List<FleetEvent> events = new CopyOnWriteArrayList<>();
        try (FleetManager m = FleetManager.start(fleet)) {
            m.addListener(events::add);
            FleetInstance victim = fleet.instances().get(1);
            fleet.kill(victim.id());
            await(() -> events.stream().anyMatch(e -> e.action() == FleetEvent.Action.HEALTHY
                    && e.inService() == 3), "capacity restored");
            FleetEvent launch = events.stream().filter(e -> e.action() == FleetEvent.Action.LAUNCH).findFirst()
                    .orElseThrow();
            assertThat(launch.az()).as("AWS keeps the AZs balanced").isEqualTo(victim.az());
            assertThat(events.stream().map(FleetEvent::action)).containsSubsequence(FleetEvent.Action.UNHEALTHY,
                    FleetEvent.Action.TERMINATE, FleetEvent.Action.LAUNCH, FleetEvent.Action.HEALTHY);
        }
    }

    @Test
    void withoutAGracePeriodASlowStarterIsTerminatedBeforeItIsHealthy() {
        FakeFleet fleet = new FakeFleet(topology(elb(Duration.ZERO)));
        fleet.healthyAfter = Duration.ofMillis(400);
        List<FleetEvent> events = new CopyOnWriteArrayList<>();
        try (FleetManager m = FleetManager.start(fleet)) {
            m.addListener(events::add);
            fleet.kill(fleet.instances().get(0).id());
            await(() -> events.stream().filter(e -> e.action() == FleetEvent.Action.UNHEALTHY).count() >= 3,
                    "replacements judged unhealthy while they start");
        }
        assertThat(events).filteredOn(e -> e.action() == FleetEvent.Action.HEALTHY).isEmpty();
    }

    @Test
    void aGracePeriodLetsASlowStarterBecomeHealthy() {
        FakeFleet fleet = new FakeFleet(topology(elb(Duration.ofSeconds(1000))));
        fleet.healthyAfter = Duration.ofMillis(400);
        List<FleetEvent> events = new CopyOnWriteArrayList<>();
        try (FleetManager m = FleetManager.start(fleet)) {
            m.addListener(events::add);
            fleet.kill(fleet.instances().get(0).id());
            await(() -> events.stream().anyMatch(e -> e.action() == FleetEvent.Action.HEALTHY), "replacement healthy");
        }
        assertThat(events).filteredOn(e -> e.action() == FleetEvent.Action.UNHEALTHY).hasSize(1);
    }

    @Test
    void targetTrackingScalesOutWhenRequestsPerTargetStayAboveTheTarget() {
        AutoScaling asg = new AutoScaling(2, 6, AutoScaling.HealthCheckType.ELB, Duration.ofSeconds(300),
                Duration.ofSeconds(300), new AutoScaling.TargetTracking(AutoScaling.Metric.REQUEST_COUNT_PER_TARGET,
                600, Duration.ofSeconds(60), false));
        Topology t = Topology.defaults().toBuilder().timeScale(0.01).fleet(f -> f.withCount(2).withAutoScaling(asg))
                .build();
        FakeFleet fleet = new FakeFleet(t);
        List<FleetEvent> events = new CopyOnWriteArrayList<>();
        try (FleetManager m = FleetManager.start(fleet)) {
            m.addListener(events::add);
            // 30 requests per target per 10 ms ≈ 180 000 per minute, far above 600: the group goes to its max
            Thread load = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    fleet.instances().forEach(i -> fleet.serve(i.id(), 30, 0));
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            load.start();
            try {
                await(() -> events.stream().anyMatch(e -> e.action() == FleetEvent.Action.SCALE && e.desired() == 6),
                        "scaled out to max");
            } finally {
                load.interrupt();
            }
        }
        assertThat(events).filteredOn(e -> e.action() == FleetEvent.Action.SCALE).first()
                .satisfies(e -> assertThat(e.detail()).contains("ALBRequestCountPerTarget").contains("3 data points"));
    }

    @Test
    void anUnknownReleaseOrASecondDeploymentIsRefusedWithoutTouchingTheFleet() {
        FakeFleet fleet = new FakeFleet(topology(null));
        try (FleetManager m = FleetManager.start(fleet)) {
            assertThatThrownBy(() -> m.deploy(DeploySpec.of(DeployStrategy.ROLLING, "v9")))
                    .isInstanceOf(DeployException.class).hasMessageContaining("release 'v9' does not exist");
            assertThat(fleet.releases()).containsOnly("v1").hasSize(3);
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + WAIT.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
