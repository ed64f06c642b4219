package dev.firedrill.scenarios;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.firedrill.harness.backend.Backends;
import dev.firedrill.harness.topology.Topology;
import org.junit.jupiter.api.Assertions;

/**
 * Whether the containers backend can run here. Without a Docker engine (or without the images) the containers
 * tests are skipped with the reason, unless {@code FIREDRILL_REQUIRE_DOCKER=true} (CI sets it: there a missing
 * engine is a failure, never a silent skip).
 */
public final class ContainersEngine {
    private ContainersEngine() {
    }

    public static void assumeReady(Topology t) {
        try {
            Backends.named("containers").preflight(t, "");
        } catch (RuntimeException e) {
            if (Boolean.parseBoolean(System.getenv("FIREDRILL_REQUIRE_DOCKER"))) {
                Assertions.fail("FIREDRILL_REQUIRE_DOCKER=true but the containers backend cannot run: "
                        + e.getMessage());
            }
            assumeTrue(false, "containers backend not available here (" + e.getMessage() + ")");
        }
    }
}
