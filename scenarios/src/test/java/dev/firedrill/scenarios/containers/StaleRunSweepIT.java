package dev.firedrill.scenarios.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.topology.Topology;
import dev.firedrill.scenarios.ContainersEngine;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose harness and reaper are both gone (a container labelled with a dead harness pid of this host) is
 * removed by {@code firedrill clean} (and by the next {@code up}); a run of another host is left alone.
 */
class StaleRunSweepIT {
    @TempDir
    Path dir;

    @Test
    void cleanRemovesTheContainersOfADeadHarnessOfThisHostOnly() throws Exception {
        ContainersEngine.assumeReady(Topology.defaults());
        String host = InetAddress.getLocalHost().getHostName();
        Cli.docker("run", "-d", "--label", "dev.firedrill.run=fdstale1", "--label",
                "dev.firedrill.owner=2147483646@" + host, "redis:8", "redis-server");
        Cli.docker("run", "-d", "--label", "dev.firedrill.run=fdstale2", "--label",
                "dev.firedrill.owner=2147483646@some-other-host", "redis:8", "redis-server");
        try {
            Cli.Result r = Cli.run(dir, 60, "clean");
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("swept stale container run fdstale1").doesNotContain("fdstale2");
            assertThat(Cli.docker("ps", "-aq", "--filter", "label=dev.firedrill.run=fdstale1")).isEmpty();
            assertThat(Cli.docker("ps", "-aq", "--filter", "label=dev.firedrill.run=fdstale2")).hasSize(1);
        } finally {
            for (String run : new String[] {"fdstale1", "fdstale2"}) {
                for (String id : Cli.docker("ps", "-aq", "--filter", "label=dev.firedrill.run=" + run)) {
                    Cli.docker("rm", "-f", id);
                }
            }
        }
    }
}
