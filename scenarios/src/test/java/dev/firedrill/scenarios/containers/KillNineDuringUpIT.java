package dev.firedrill.scenarios.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.topology.Topology;
import dev.firedrill.scenarios.ContainersEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of the harness during {@code up --backend containers}, 10 trials at random moments (seeded, printed):
 * no shutdown hook runs, and 10 s later no container, network or volume of any firedrill run is left. The
 * reaper, a process of its own that waits for its pipe from the harness to close, removes them.
 */
class KillNineDuringUpIT {
    @TempDir
    Path dir;

    @Test
    void tenKillsAtRandomMomentsOfUpLeaveNoContainerNetworkOrVolume() throws Exception {
        ContainersEngine.assumeReady(Topology.defaults());
        assertThat(Cli.leftovers()).as("nothing of a firedrill run before the trials").isEmpty();
        long seed = Long.getLong("firedrill.killnine.seed", 20261202L);
        Random random = new Random(seed);
        List<String> trials = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            long at = 300 + random.nextInt(11_000); // from the first docker call to past "ready"
            Cli up = Cli.start(dir.resolve("runs"), "up", "--backend", "containers", "--endpoints",
                    dir.resolve("e" + i + ".json").toString());
            Thread.sleep(at);
            int containers = Cli.docker("ps", "-aq", "--filter", "label=dev.firedrill.run").size();
            up.process.destroyForcibly(); // SIGKILL
            up.process.waitFor(10, TimeUnit.SECONDS);
            Thread.sleep(10_000);
            List<String> left = Cli.leftovers();
            trials.add(String.format(Locale.ROOT, "trial %d: SIGKILL at %d ms with %d container(s) up; left 10 s "
                    + "later: %s", i, at, containers, left));
            System.out.println(trials.get(trials.size() - 1));
            assertThat(left).as("trial %d (seed %d): killed at %d ms with %d containers; output:%n%s", i, seed, at,
                    containers, up.output()).isEmpty();
        }
        assertThat(trials).hasSize(10);
    }
}
