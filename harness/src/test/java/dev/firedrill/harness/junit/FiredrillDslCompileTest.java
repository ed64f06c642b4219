package dev.firedrill.harness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.check.Verdict;
import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.fault.FaultSpec;
import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.fault.FaultPhase;
import dev.firedrill.harness.history.HistoryRecorder;
import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.scenario.FaultStep;
import dev.firedrill.harness.scenario.RunResult;
import dev.firedrill.harness.scenario.Scenario;
import dev.firedrill.harness.scenario.Slos;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.harness.workload.OpKind;
import dev.firedrill.harness.workload.WorkloadSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Calls every builder and assertion overload (Gatling's CoreJavaCompileTest habit), on a hand-made result. */
class FiredrillDslCompileTest {

    static RunResult result() {
        AtomicLong now = new AtomicLong();
        HistoryRecorder rec = HistoryRecorder.inMemory(now::get);
        for (int t = 0; t < 4000; t += 10) {
            now.set(t * 1_000_000L);
            Event w = rec.record(Event.invoke("c0", "write").key("1"));
            if (t == 1000) {
                rec.record(Event.nemesis("partition", FaultPhase.REQUESTED, "app|db-writer", "f1"));
                rec.record(Event.nemesis("partition", FaultPhase.EFFECTIVE, "app|db-writer", "f1"));
            }
            if (t == 2000) {
                rec.record(Event.nemesis("partition", FaultPhase.HEALED, "app|db-writer", "f1"));
            }
            now.addAndGet(2_000_000L);
            boolean down = t >= 1000 && t < 2000;
            rec.record(Event.completing(w, down ? EventType.FAIL : EventType.OK).version((long) t));
        }
        List<CheckResult> checks = List.of(
                CheckResult.of("lost-writes", Verdict.VALID, Map.of("lostWrites", 0, "acknowledgedWrites", 300), List.of()),
                CheckResult.of("stale-reads", Verdict.VALID, Map.of("strictStaleReads", 0, "staleReads", 0), List.of()));
        return new RunResult("compile", 1, 0.05, Path.of("target", "firedrill", "compile", "t"), rec.history(), checks,
                List.of(new SloVerdict("x", "y", "z", true, "")), Verdict.VALID, Map.of(), null);
    }

    @Test
    void everyBuilderOverloadCompiles() {
        Fault part = new Fault.Partition(List.of("app"), List.of("db-writer"), Fault.PartitionMode.REJECT, false);
        Scenario s = Scenario.named("all-overloads").topology(Topology.defaults())
                .workload(WorkloadSpec.defaults().withClients(4).withRate(50).withKeys(5)
                        .withRequestTimeout(Duration.ofMillis(800)).withMix(Map.of(OpKind.WRITE, 2, OpKind.READ, 1))
                        .only(OpKind.WRITE, OpKind.CONSISTENT_READ, OpKind.LOGIN, OpKind.ME, OpKind.ENQUEUE))
                .warmup(Duration.ofSeconds(1)).duration(Duration.ofSeconds(10)).seed(42)
                .fault(Duration.ofSeconds(1), part, Duration.ofSeconds(2))
                .fault(Duration.ofSeconds(4), FaultSpec.of("replica-lag", "all", "1s", Map.of("mode", "pause")))
                .fault(FaultStep.at(Duration.ofSeconds(6), new Fault.CacheOutage(Fault.CacheMode.KILL)))
                .slo(Slos.noLostWrites()).slo(Slos.noStaleConsistentReads())
                .slos(List.of(Slos.writeRecoveryWithin(Duration.ofSeconds(3)),
                        Slos.writeRecoveryWithinAwsEquivalent(Duration.ofSeconds(60)),
                        Slos.recoveryWithin("read", Duration.ofSeconds(3)),
                        Slos.recoveryWithinAwsEquivalent("read", Duration.ofSeconds(60)),
                        Slos.outageMatches("write", Duration.ofSeconds(3), Duration.ofMillis(150)),
                        Slos.availabilityAtLeast(0.9), Slos.availabilityAtLeast("write", 0.9),
                        Slos.p99Below("write", Duration.ofMillis(500))))
                .deploy(Duration.ofSeconds(2), dev.firedrill.harness.fleet.DeploySpec.of(
                        dev.firedrill.harness.fleet.DeployStrategy.ROLLING, "v2").withBatchSize("1")
                        .withMinHealthyPercent(66).withHealthTimeout(Duration.ofSeconds(600)).withMaxErrorRate(0.1)
                        .withMaxP99(Duration.ofMillis(800)).withMinRequests(10).withRollback(true))
                .deploy(dev.firedrill.harness.scenario.DeployStep.at(Duration.ofSeconds(5),
                        dev.firedrill.harness.fleet.DeploySpec.of(dev.firedrill.harness.fleet.DeployStrategy.CANARY,
                                "v3").withCanaryPercent(20).withBakeTime(Duration.ofSeconds(60))
                                .withShift(4, Duration.ofSeconds(20))))
                .slos(List.of(dev.firedrill.harness.scenario.FleetSlos.noFailedRequests(),
                        dev.firedrill.harness.scenario.FleetSlos.deploymentsReleased(),
                        dev.firedrill.harness.scenario.FleetSlos.rolledBackWithinAwsEquivalent("v3",
                                Duration.ofSeconds(120), 0.05),
                        dev.firedrill.harness.scenario.FleetSlos.capacityRestoredWithinAwsEquivalent(
                                Duration.ofSeconds(300)),
                        dev.firedrill.harness.scenario.FleetSlos.scaledOutWithinAwsEquivalent(3,
                                Duration.ofSeconds(600))))
                .jobBound(Duration.ofSeconds(5)).sampleInterval(Duration.ofMillis(100)).build();
        assertThat(s.faults()).hasSize(3);
        assertThat(s.deployments()).hasSize(2);
        assertThat(s.slos()).hasSize(15);
        assertThat(s.toBuilder().build()).isEqualTo(s);
    }

    @Test
    void everyAssertionPassesOnAGoodResultAndQuotesFiguresAndTheReportWhenItFails() {
        RunResult r = result();
        FiredrillAssertions.assertThat(r).passed().completedWithoutError().passedAllSlos().hasNoLostWrites()
                .hasNoStaleConsistentReads().recoveredWithin(Duration.ofMillis(1100))
                .recoveredWithin("write", Duration.ofMillis(1100))
                .hasOutage("write", Duration.ofMillis(1010), Duration.ofMillis(50))
                .availabilityAtLeast(0.7).availabilityAtLeast("write", 0.7)
                .p99Below("write", Duration.ofMillis(3)).hasCheckVerdict("lost-writes", Verdict.VALID);
        assertThatThrownBy(() -> FiredrillAssertions.assertThat(r).recoveredWithin(Duration.ofMillis(500)))
                .hasMessageContaining("outage was 1010 ms").hasMessageContaining("index.html");
        assertThatThrownBy(() -> FiredrillAssertions.assertThat(r).availabilityAtLeast(0.99))
                .hasMessageContaining("measured 75.000 %");
        assertThatThrownBy(() -> FiredrillAssertions.assertThat(r).hasStaleReads())
                .hasMessageContaining("staleReads=0");
    }

    @Test
    void anAnnotationBecomesTheDefaultTopologyWithItsOverrides() {
        @FiredrillTopology(timeScale = 0.02, instances = 3, replicas = 1, appEnv = {"DB_TIMEOUT_MS=250"})
        class Annotated {
        }
        Topology t = FiredrillExtension.topology(Annotated.class.getAnnotation(FiredrillTopology.class), Annotated.class);
        assertThat(t.timeScale()).isEqualTo(0.02);
        assertThat(t.fleet().count()).isEqualTo(3);
        assertThat(t.fleet().app().env()).containsEntry("DB_TIMEOUT_MS", "250");
        assertThat(t.fleet().app().isReferenceApp()).isTrue();

        @FiredrillTopology(appEnv = {"oops"})
        class Bad {
        }
        assertThatThrownBy(() -> FiredrillExtension.topology(Bad.class.getAnnotation(FiredrillTopology.class), Bad.class))
                .hasMessageContaining("'oops' is not NAME=value");
    }
}
