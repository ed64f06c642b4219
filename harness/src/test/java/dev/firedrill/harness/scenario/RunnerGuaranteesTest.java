package dev.firedrill.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.backend.fake.FakeBackend;
import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.fault.FaultAction;
import dev.firedrill.harness.fault.FaultSpec;
import dev.firedrill.harness.fault.Selector;
import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.harness.workload.OpKind;
import dev.firedrill.harness.workload.WorkloadSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link ScenarioRunner} guarantees whatever the backend, on the in-memory {@link FakeBackend}: every fault
 * healed when the run fails, when an SLO throws, when the run is interrupted; the seed decides which targets are
 * hit; an action the backend lacks is refused before anything is deployed.
 */
class RunnerGuaranteesTest {
    @TempDir
    Path reports;

    static final Topology T = Topology.builder().timeScale(0.01).instances(3).build();

    static Scenario.Builder scenario(String name) {
        return Scenario.named(name).topology(T).warmup(Duration.ZERO).duration(Duration.ofMillis(150))
                .workload(WorkloadSpec.defaults().withRate(50).withClients(2).withKeys(5)
                        .withMix(Map.of(OpKind.WRITE, 1, OpKind.READ, 1)));
    }

    ScenarioRunner runner() {
        return ScenarioRunner.create().reportRoot(reports).healthTimeout(Duration.ofSeconds(1));
    }

    static List<String> applied(FakeBackend b) {
        return b.log().stream().filter(l -> l.startsWith("apply ")).map(l -> l.substring(6)).toList();
    }

    static List<String> undone(FakeBackend b) {
        return b.log().stream().filter(l -> l.startsWith("undo ")).map(l -> l.substring(5)).toList();
    }

    static FaultStep kill(String selector, long atMs, long forMs) {
        return FaultStep.at(Duration.ofMillis(atMs), new Fault.InstanceFault(Fault.InstanceAction.KILL,
                Selector.parse(selector)), Duration.ofMillis(forMs));
    }

    @Test
    void everyFaultIsHealedWhenTheRunFailsHalfway() {
        FakeBackend b = new FakeBackend(EnumSet.allOf(FaultAction.Kind.class),
                a -> a instanceof FaultAction.Signal s && s.instance().equals("app-2"));
        RunResult r = runner().run(scenario("fails-halfway").fault(kill("app-1", 0, 140))
                .fault(kill("app-2", 20, 100)).build(), b);
        assertThat(r.error()).contains("run failed").contains("fake failure applying kill-instance app-2");
        assertThat(applied(b)).containsExactly("kill-instance app-1");
        assertThat(undone(b)).as("the first fault healed in the final phase").containsExactly("kill-instance app-1");
        assertThat(b.closed()).isEqualTo(b.deployments()).isEqualTo(1);
    }

    @Test
    void everyFaultIsHealedWhenAnSloThrows() {
        FakeBackend b = new FakeBackend();
        Slo broken = new Slo() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public String expected() {
                return "never evaluated cleanly";
            }

            @Override
            public SloVerdict evaluate(SloInput input) {
                throw new IllegalStateException("a checker bug");
            }
        };
        assertThatThrownBy(() -> runner().run(scenario("slo-throws").fault(kill("app-3", 0, 150)).slo(broken)
                .build(), b)).hasMessageContaining("a checker bug");
        assertThat(undone(b)).containsExactly("kill-instance app-3");
        assertThat(b.closed()).isEqualTo(1);
    }

    @Test
    void everyFaultIsHealedWhenTheRunIsInterrupted() throws Exception {
        FakeBackend b = new FakeBackend();
        Scenario s = scenario("interrupted").duration(Duration.ofSeconds(30)).fault(kill("app-1", 0, 20_000)).build();
        AtomicReference<RunResult> result = new AtomicReference<>();
        Thread t = new Thread(() -> result.set(runner().run(s, b)));
        t.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (applied(b).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        t.interrupt();
        t.join(10_000);
        assertThat(t.isAlive()).as("the run returned after the interrupt").isFalse();
        assertThat(result.get().interrupted()).isTrue();
        assertThat(undone(b)).containsExactly("kill-instance app-1");
        assertThat(b.closed()).isEqualTo(1);
    }

    @Test
    void aDeploymentsStopReasonStopsTheRunHealsAndSaysWhy() throws Exception {
        FakeBackend b = new FakeBackend();
        Scenario s = scenario("stopped").duration(Duration.ofSeconds(30)).fault(kill("app-1", 0, 20_000)).build();
        AtomicReference<RunResult> result = new AtomicReference<>();
        Thread t = new Thread(() -> result.set(runner().run(s, b)));
        t.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (applied(b).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        b.stopWith("stop condition: alarm test-5xx is in ALARM");
        t.join(10_000);
        assertThat(t.isAlive()).as("the run returned after the stop condition").isFalse();
        RunResult r = result.get();
        assertThat(r.interrupted()).isTrue();
        assertThat(r.interruption().cause()).isEqualTo("stop condition: alarm test-5xx is in ALARM");
        assertThat(r.interruption().reason()).startsWith("run stopped at run after ")
                .endsWith(": stop condition: alarm test-5xx is in ALARM");
        assertThat(undone(b)).containsExactly("kill-instance app-1");
        assertThat(b.closed()).isEqualTo(1);
    }

    @Test
    void theScenariosSeedPicksTheTargetsTheSameSeedTheSameOnes() {
        List<String> first = killedWithSeed(3);
        assertThat(killedWithSeed(3)).isEqualTo(first);
        Set<List<String>> seen = new HashSet<>();
        for (long seed = 1; seed <= 8; seed++) {
            seen.add(killedWithSeed(seed));
        }
        assertThat(seen).as("8 seeds over 3 instances").hasSizeGreaterThan(1);
    }

    private List<String> killedWithSeed(long seed) {
        FakeBackend b = new FakeBackend();
        runner().run(scenario("seeded").seed(seed).duration(Duration.ofMillis(30)).fault(kill("random", 0, 10)).build(),
                b);
        return applied(b);
    }

    @Test
    void anActionTheBackendLacksIsRefusedBeforeAnythingIsDeployed() {
        Set<FaultAction.Kind> noPause = EnumSet.allOf(FaultAction.Kind.class);
        noPause.remove(FaultAction.Kind.PAUSE_INSTANCE);
        FakeBackend b = new FakeBackend(noPause, a -> false);
        Scenario s = scenario("no-pause").fault(Duration.ofMillis(10), FaultSpec.of("pause", "app-1", "100ms", Map.of()))
                .build();
        assertThatThrownBy(() -> runner().run(s, b)).isInstanceOf(FaultException.class)
                .hasMessageContaining("'fake' backend cannot").hasMessageContaining("pause-instance")
                .hasMessageContaining("kill-instance");
        assertThat(b.deployments()).isZero();
        assertThat(b.log()).isEmpty();
    }
}
