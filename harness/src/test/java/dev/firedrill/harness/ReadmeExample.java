package dev.firedrill.harness;

import dev.firedrill.harness.backend.Backends;
import dev.firedrill.harness.backend.Deployment;
import dev.firedrill.harness.fault.ActiveFault;
import dev.firedrill.harness.fault.FaultSpec;
import dev.firedrill.harness.topology.Topology;
import java.time.Duration;
import java.util.Map;

/** The Java example of the top-level README, kept here so that it compiles with every build. */
final class ReadmeExample {
    private ReadmeExample() {
    }

    static String example() {
        Topology t = Topology.builder().timeScale(0.05).instances(2).replicas(1).build();
        try (Deployment d = Backends.named("embedded").deploy(t)) {
            String alb = d.endpoints().loadBalancer();
            ActiveFault f = d.faults().inject(FaultSpec.of("partition", "app|db-writer", null, Map.of("mode", "reject")).toFault());
            f.heal();
            d.faults().verifyHealthy(Duration.ofSeconds(30));
            return alb;
        }
    }
}
