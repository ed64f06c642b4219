package dev.firedrill.harness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.fault.Selector;
import dev.firedrill.harness.scenario.FaultStep;
import dev.firedrill.harness.scenario.RunResult;
import dev.firedrill.harness.scenario.Slos;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code @FiredrillTopology(backend = ...)} deploys on the named backend: here the in-memory one, in milliseconds. */
@FiredrillTopology(backend = "fake", instances = 3, timeScale = 0.01)
class FiredrillExtensionBackendTest {
    static Drill drill;

    @Test
    void theDrillRunsOnTheNamedBackend(Drill injected) {
        assertThat(injected).isSameAs(drill);
        assertThat(drill.deployment().backend()).isEqualTo("fake");
        RunResult r = drill.run(drill.scenario("on-fake").warmup(Duration.ZERO).duration(Duration.ofMillis(200))
                .fault(FaultStep.at(Duration.ofMillis(20), new Fault.InstanceFault(Fault.InstanceAction.KILL,
                        Selector.parse("app-2")), Duration.ofMillis(100)))
                .slo(Slos.noLostWrites()).build());
        assertThat(r.history().faults()).singleElement().satisfies(f -> {
            assertThat(f.target()).isEqualTo("app-2");
            assertThat(f.healed()).isTrue();
        });
        FiredrillAssertions.assertThat(r).hasNoLostWrites();
    }
}
