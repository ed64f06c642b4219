package dev.firedrill.scenarios.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.backend.Backend;
import dev.firedrill.harness.backend.Backends;
import dev.firedrill.harness.backend.FaultContract;
import dev.firedrill.harness.backend.embedded.EmbeddedDeployment;
import dev.firedrill.harness.backend.embedded.internal.AppInstance;
import dev.firedrill.harness.fault.ActiveFault;
import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.fault.Selector;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.scenarios.ContainersEngine;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The fault contract (the same tests the embedded and fake backends pass) on the containers backend, with the
 * reference app as 3 containers; plus the one instance action the contract leaves out, pause ({@code docker
 * pause}: the container is frozen, not gone, and the heal thaws it).
 */
class ContainersFaultsIT extends FaultContract {
    @Override
    protected Backend backend() {
        return Backends.named("containers");
    }

    @Override
    protected Topology topology() {
        Topology t = Topology.builder().timeScale(0.01).instances(3).build();
        ContainersEngine.assumeReady(t);
        return t;
    }

    @Override
    protected boolean isRunning(String component) {
        AppInstance i = ((EmbeddedDeployment) d).instances().get(component);
        return i != null && i.isAlive();
    }

    @Test
    @Order(200)
    void pauseFreezesTheContainerAndTheHealThawsIt() throws Exception {
        ActiveFault f = faults.inject(new Fault.InstanceFault(Fault.InstanceAction.PAUSE, Selector.parse("app-3")));
        assertThat(f.targets()).containsExactly("app-3");
        String name = ((EmbeddedDeployment) d).instances().get("app-3").process().name();
        assertThat(Cli.docker("inspect", "-f", "{{.State.Status}}", name)).isEqualTo(List.of("paused"));
        f.heal();
        assertThat(Cli.docker("inspect", "-f", "{{.State.Status}}", name)).isEqualTo(List.of("running"));
    }
}
