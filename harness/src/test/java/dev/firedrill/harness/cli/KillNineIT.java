package dev.firedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.harness.testapp.TestTopologies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kill -9} of the harness JVM during {@code up} leaves no postgres, redis or app process alive. */
class KillNineIT {
    @TempDir
    Path dir;

    @Test
    void killNineOfTheHarnessTakesEveryChildWithItAndCleanSweepsTheRun() throws Exception {
        Path runRoot = Files.createDirectories(dir.resolve("runs"));
        Path endpoints = dir.resolve("endpoints.json");
        String cmd = TestTopologies.testServerCommand().stream().map(s -> "'" + s + "'")
                .collect(Collectors.joining(", ", "[", "]"));
        Path topology = dir.resolve("t.yaml");
        Files.writeString(topology, "timeScale: 0.01\nfleet:\n  app:\n    command: " + cmd + "\n");
        CliProcess up = CliProcess.start(runRoot, "up", "-t", topology.toString(), "--endpoints", endpoints.toString());
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(endpoints)) {
            assertThat(up.process.isAlive()).as("up still running; output:\n" + up.output()).isTrue();
            assertThat(System.nanoTime()).as("endpoints.json written within 120 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        JsonNode json = new ObjectMapper().readTree(endpoints.toFile());
        List<Long> children = new ArrayList<>();
        for (JsonNode c : json.get("components")) {
            long pid = c.get("pid").asLong();
            if (pid != up.process.pid()) {
                children.add(pid);
            }
        }
        assertThat(children).as("postgres ×2, redis, 3 apps").hasSize(6);
        children.forEach(pid -> assertThat(ProcessHandle.of(pid)).as("child " + pid + " alive before the kill").isPresent());

        up.process.destroyForcibly(); // SIGKILL: no shutdown hook runs
        up.process.waitFor();
        Thread.sleep(5000);

        List<Long> alive = children.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                .orElse(false)).toList();
        assertThat(alive).as("children alive 5 s after kill -9 of the harness").isEmpty();
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
                .contains(runRoot.toString())).count()).as("no process of the run (postgres backends too)").isZero();

        try (Stream<Path> runs = Files.list(runRoot)) {
            assertThat(runs.count()).as("the killed run's directory is still there until swept").isEqualTo(1);
        }
        CliProcess.Result clean = CliProcess.start(runRoot, "clean").await(60);
        assertThat(clean.exitCode()).isZero();
        assertThat(clean.output()).contains("removed stale run");
        try (Stream<Path> runs = Files.list(runRoot)) {
            assertThat(runs.count()).isZero();
        }
    }
}
