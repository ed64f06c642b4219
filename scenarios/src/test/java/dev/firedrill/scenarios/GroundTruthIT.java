package dev.firedrill.scenarios;

import static dev.firedrill.harness.junit.FiredrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.check.StaleReadChecker;
import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.fault.FaultSpec;
import dev.firedrill.harness.history.FaultWindow;
import dev.firedrill.harness.junit.Drill;
import dev.firedrill.harness.junit.FiredrillTopology;
import dev.firedrill.harness.scenario.Measures;
import dev.firedrill.harness.scenario.Outage;
import dev.firedrill.harness.scenario.RunResult;
import dev.firedrill.harness.scenario.Slos;
import dev.firedrill.harness.workload.OpKind;
import dev.firedrill.harness.workload.WorkloadSpec;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import dev.firedrill.harness.history.Stalls;
import dev.firedrill.harness.report.SloVerdict;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Ground truth for the measurements: known faults on the real topology with the reference app, configured so
 * nothing of its own stretches or shortens an outage: no circuit breakers (no open-state wait), no connection
 * pool (DB_POOL=none: HikariCP's reconnect back-off would add up to 5 s), 250 ms DB timeouts, no read retries.
 */
@FiredrillTopology(timeScale = 0.05, instances = 2, appEnv = {
        "BREAKERS_ENABLED=false", "DB_POOL=none",
        "DB_TIMEOUT_MS=250", "DB_READ_RETRIES=0", "JOBS_WORKER_ENABLED=false"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GroundTruthIT {
    static Drill drill;

    private static RunResult partitionRun(String name) {
        Fault partition = new Fault.Partition(List.of("app"), List.of("db-writer"), Fault.PartitionMode.REJECT, false);
        return drill.run(drill.scenario(name)
                // 100 writes/s: a 10 ms resolution, and a rate a shared 2-core runner sustains without queueing
                .workload(WorkloadSpec.defaults().only(OpKind.WRITE).withRate(100).withKeys(20)
                        .withRequestTimeout(Duration.ofSeconds(2)))
                .warmup(Duration.ofSeconds(1)).duration(Duration.ofMillis(6500))
                .fault(Duration.ofMillis(1500), partition, Duration.ofSeconds(3))
                .slo(Slos.noLostWrites())
                .slo(Slos.outageMatches("write", Duration.ofSeconds(3), Duration.ofMillis(150)))
                .seed(7).build());
    }

    @Test
    @Order(1)
    void aRejectPartitionOfThreeSecondsBetweenAppAndWriterIsMeasuredAsAThreeSecondWriteOutage() throws Exception {
        RunResult r = partitionRun("ground-truth-partition");
        // a measurement taken while the harness could not keep time proves nothing either way: skipped, not failed
        SloVerdict outage = r.slo("write outage").orElseThrow();
        Assumptions.assumeFalse(outage.isInconclusive(), () -> outage.inconclusive() + "; report " + r.indexHtml());
        assertMeasuredWithinToleranceOrInconclusive(r, "ground-truth-partition");
    }

    @Test
    @Order(3)
    void underACpuHogTheSameOutageIsEitherMeasuredWithinToleranceOrInconclusive() throws Exception {
        RunResult r;
        try (CpuHog hog = CpuHog.onEveryCore()) {
            r = partitionRun("ground-truth-partition-busy");
        }
        System.out.println("ground truth under a CPU hog: stalls " + r.stalls() + "; SLOs " + r.slos());
        // Whether a 7.5 s run beside the hog crosses the busy-machine thresholds depends on how the scheduler shares
        // the cores (one CI run of 2 saw no stall and measured 3055 ms for the 2998 ms window; BusyMachineIT's
        // longer runs hold the detector to seeing the hog). What must never happen is a wrong figure called valid:
        // seen or not, the verdict is within ±150 ms of the true window or inconclusive with its edges' spread.
        assertMeasuredWithinToleranceOrInconclusive(r, "ground-truth-partition-busy");
    }

    /** Within ±150 ms of the true window, or inconclusive with its reason: never a wrong figure called valid. */
    private static void assertMeasuredWithinToleranceOrInconclusive(RunResult r, String name) throws Exception {
        FaultWindow w = r.faults().get(0);
        Outage o = r.outages("write").get(0);
        System.out.printf(Locale.ROOT, "ground truth: fault window requested→healed %.1f ms, effective→healed %.1f ms;"
                        + " measured write outage %.1f ms (%.1f → %.1f ms), first failed write invoked at %.1f ms;"
                        + " report %s%n", (w.healedNanos() - w.requestedNanos()) / 1e6, o.faultDurationMs(),
                o.durationMs(), o.startMs(), o.endMs(), o.firstFailureMs(), r.indexHtml());
        assertThat(r).completedWithoutError().hasNoLostWrites();
        SloVerdict outage = r.slo("write outage").orElseThrow();
        if (outage.isInconclusive()) {
            assertThat(outage.inconclusive()).as("it says how precisely the outage is known, and why")
                    .containsPattern("known only to -\\d+\\.\\.\\+\\d+ ms");
            assertThat(outage.passed()).isFalse();
            return; // neither a pass nor a fail: the figure may be the machine's doing
        }
        // the true window is the fault's effective → healed events; the scheduler's own jitter on a loaded
        // 2-core machine is allowed for, the measurement's error against that window is what is held tight
        assertThat(o.faultDurationMs()).as("the runner heals the partition 3 s after injecting it")
                .isBetween(2700.0, 3300.0);
        assertThat(o.startMs() - o.faultStartMs()).as("the outage starts when the partition takes effect")
                .isBetween(-150.0, 150.0);
        assertThat(o.errorMs()).as("measured outage minus the true window (effective → healed)")
                .isBetween(-150.0, 150.0);
        assertThat(r.slos()).as("SLO verdicts").allMatch(s -> s.passed());
        assertThat(r.historyFile()).isRegularFile();
        assertThat(Files.readString(r.resultJson())).contains("\"" + name + "\"");
        assertThat(r.indexHtml()).isRegularFile();
    }

    @Test
    @Order(2)
    void aTwoSecondReplayPauseYieldsStaleReaderReadsButNoStaleConsistentReads() {
        RunResult r = drill.run(drill.scenario("ground-truth-replay-pause")
                .workload(WorkloadSpec.defaults().withMix(Map.of(OpKind.WRITE, 2, OpKind.READ, 2,
                        OpKind.CONSISTENT_READ, 2)).withRate(200).withKeys(10))
                .warmup(Duration.ofSeconds(1)).duration(Duration.ofSeconds(4))
                .fault(Duration.ofMillis(1000), FaultSpec.of("replica-lag", "all", "2s", Map.of("mode", "pause")))
                .slo(Slos.noStaleConsistentReads()).slo(Slos.noLostWrites())
                .seed(11).build());

        CheckResult stale = r.check(StaleReadChecker.NAME).orElseThrow();
        long staleReads = stale.figure(StaleReadChecker.STALE_READS).orElseThrow();
        FaultWindow w = r.faults().get(0);
        double p50 = Measures.percentileMs(r.history(), "write", 50);
        Assumptions.assumeFalse(staleReads == 0 && p50 > 250,
                () -> String.format(Locale.ROOT, "inconclusive: no stale read, but the stack was saturated (write "
                        + "p50 %.0f ms): a read then rarely begins after a write to its key was acknowledged within "
                        + "the pause; report %s", p50, r.indexHtml()));
        Assumptions.assumeFalse(staleReads == 0
                && r.stalls().taints(w.requestedNanos(), w.healedNanos()), () -> "inconclusive: no stale read, but "
                + "the harness could not keep time during the pause: " + Stalls.describe(r.stalls().overlapping(
                w.requestedNanos(), w.healedNanos())) + "; report " + r.indexHtml());
        System.out.printf(Locale.ROOT, "replay pause: stale-reads figures %s; max replica lag sampled %.2f s; report %s%n",
                stale.figures(), r.history().samples("replica_lag_seconds").stream()
                        .mapToDouble(e -> e.number()).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN),
                r.indexHtml());
        assertThat(r).completedWithoutError().hasStaleReads().hasNoStaleConsistentReads().hasNoLostWrites();
        Map<String, Object> byPool = stale.figure(StaleReadChecker.BY_POOL).orElseThrow();
        assertThat(byPool).as("stale reads are all from the reader pool").containsKey("reader");
        assertThat(r.history().samples("replica_lag_seconds")).as("the sampler saw the lag")
                .anyMatch(e -> e.number() >= 1.0);
    }
}
