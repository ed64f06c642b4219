package dev.firedrill.harness;

import dev.firedrill.harness.backend.Backends;
import dev.firedrill.harness.backend.Deployment;
import dev.firedrill.harness.fault.ActiveFault;
import dev.firedrill.harness.fault.FaultSpec;
import dev.firedrill.harness.topology.Topology;
import java.time.Duration;
import java.util.Map;

/**
 * The Java example of the top-level README's Topology section, kept here so that it compiles with every build;
 * {@link ReadmeSnippetsTest} fails when the README's block differs from the region {@code readme-topology}.
 */
final class ReadmeExample {
    private ReadmeExample() {
    }

    static void example() {
        // snippet:start readme-topology
        Topology t = Topology.builder().timeScale(0.05).instances(2).replicas(1).build();
        try (Deployment d = Backends.named("embedded").deploy(t)) {
            String alb = d.endpoints().loadBalancer();
            ActiveFault f = d.faults().inject(FaultSpec.of("partition", "app|db-writer", null, Map.of("mode", "reject")).toFault());
            f.heal();
            d.faults().verifyHealthy(Duration.ofSeconds(30));
        }
        // snippet:end readme-topology
    }
}
