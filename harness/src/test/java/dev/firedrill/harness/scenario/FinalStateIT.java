package dev.firedrill.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.backend.Backends;
import dev.firedrill.harness.check.Verdict;
import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.harness.workload.OpKind;
import dev.firedrill.harness.workload.WorkloadSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checker that cannot measure says so: an app that does not serve the final state loses nothing. */
class FinalStateIT {
    @TempDir
    Path reports;

    @Test
    void anAppThatDoesNotServeConsistentReadsGetsAnUnknownFinalStateNotLostWrites() throws Exception {
        Path app = Path.of(FinalStateIT.class.getResource("/dev/firedrill/harness/cli/app.py").toURI());
        Topology t = Topology.builder().timeScale(0.05).instances(1)
                .app(List.of("python3", app.toString()), Map.of("CONSISTENT_READS", "unsupported")).build();
        Scenario s = Scenario.named("final-state-unreadable").topology(t)
                .workload(WorkloadSpec.defaults().withMix(Map.of(OpKind.WRITE, 1)).withRate(50).withKeys(10))
                .warmup(Duration.ofMillis(500)).duration(Duration.ofSeconds(2))
                .slo(Slos.noLostWrites()).build();
        RunResult r;
        r = ScenarioRunner.create().reportRoot(reports).run(s, Backends.named("embedded"));
        assertThat(r.check("lost-writes").orElseThrow().verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.check("lost-writes").orElseThrow().error()).as("it says what the app must serve")
                .contains("answered 404 on GET /items/{id}?consistent=true").contains("must serve each item");
        SloVerdict v = r.slo("no lost writes").orElseThrow();
        assertThat(v.outcome()).as("never 'N lost writes'").isEqualTo(SloVerdict.Outcome.INCONCLUSIVE);
        assertThat(r.outcome()).isEqualTo(SloVerdict.Outcome.INCONCLUSIVE);
    }
}
