package dev.firedrill.scenarios.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.topology.Topology;
import dev.firedrill.scenarios.ContainersEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees when the containers backend cannot start: no engine, an engine that does not answer, an image
 * that is not there, a fleet with a local command. Each is exit 2 within seconds, says what to do, prints no stack
 * trace, and starts nothing.
 */
class ContainersBadInputIT {
    @TempDir
    Path dir;

    @Test
    void noDockerEngineIsExitTwoWithWhatToDo() throws Exception {
        long t0 = System.nanoTime();
        Cli.Result r = Cli.run(dir, Map.of("DOCKER_HOST", "unix://" + dir.resolve("no-such.sock")), 60, "up",
                "--backend", "containers", "--exit-when-ready");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("needs a Docker engine, and there is none").contains("no-such.sock")
                .contains("apt-get install docker.io").contains("--backend embedded").doesNotContain("\tat ");
        assertThat((System.nanoTime() - t0) / 1_000_000_000).as("seconds to answer").isLessThan(30);
    }

    @Test
    void anEngineThatDoesNotAnswerIsExitTwo() throws Exception {
        Path sock = Files.createFile(dir.resolve("dead.sock")); // a file where the socket should be: refused
        Cli.Result r = Cli.run(dir, Map.of("DOCKER_HOST", "unix://" + sock), 60, "up", "--backend", "containers",
                "--exit-when-ready");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("the Docker engine is not running").contains("dockerd")
                .doesNotContain("\tat ");
    }

    @Test
    void aMissingImageFailsInSecondsWithItsNameAndBothWaysToGetIt() throws Exception {
        ContainersEngine.assumeReady(Topology.defaults());
        Path t = dir.resolve("t.yaml");
        Files.writeString(t, "containers:\n  images:\n    redis: firedrill-test/no-such-redis:0\n");
        Cli.Result r = Cli.run(dir, 60, "up", "--backend", "containers", "-t", t.toString(), "--exit-when-ready");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("firedrill-test/no-such-redis:0 is not on this Docker engine")
                .contains("docker pull firedrill-test/no-such-redis:0").contains("ci/scripts/build-images.sh")
                .contains("containers.images").doesNotContain("\tat ");
        assertThat(Cli.leftovers()).as("nothing started").isEmpty();
    }

    @Test
    void aFleetCommandWithoutAnImageIsRefusedUpFront() throws Exception {
        Path t = dir.resolve("cmd.yaml");
        Files.writeString(t, "fleet:\n  app:\n    command: [python3, app.py]\n");
        Files.writeString(dir.resolve("app.py"), "print('hi')\n");
        Cli.Result r = Cli.run(dir, 60, "up", "--backend", "containers", "-t", t.toString(), "--exit-when-ready");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("fleet.app").contains("give fleet.app.image").doesNotContain("\tat ");
    }
}
