package dev.firedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input of a scenario or topology file that can be known before deploying is reported before
 * anything starts: exit 2, the file and the path in it, a suggestion, no run directory, within seconds.
 */
class CliPreflightIT {
    @TempDir
    Path dir;
    Path runRoot;

    @BeforeEach
    void setUp() throws IOException {
        runRoot = Files.createDirectories(dir.resolve("runs"));
    }

    @AfterEach
    void nothingStarted() throws IOException {
        try (Stream<Path> s = Files.list(runRoot)) {
            assertThat(s.toList()).as("no run directory: nothing was deployed").isEmpty();
        }
    }

    CliProcess.Result cli(String... args) throws Exception {
        long t0 = System.nanoTime();
        CliProcess.Result r = CliProcess.start(runRoot, args).await(60);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("reported before deploying (a JVM start, not a stack); "
                + r.output()).isLessThan(15_000);
        assertThat(r.output()).as("nothing deployed").doesNotContain("deployed").doesNotContain("ready in");
        return r;
    }

    Path scenario(String faultsAndSlos) throws IOException {
        Path f = dir.resolve("my.yaml");
        Files.writeString(f, "name: mine\nduration: 5s\n" + faultsAndSlos);
        return f;
    }

    @Test
    void anUnknownFaultTargetNamesTheFileThePathAndTheEdgeMeant() throws Exception {
        Path f = scenario("faults:\n  - {at: 1s, kind: latency, target: 'app->db-writr', for: 1s, "
                + "options: {latency: 100ms}}\n");
        CliProcess.Result r = cli("run", f.toString());
        CliBadInputIT.assertCleanError(r, f + ": faults[0].target: unknown component, tier or AZ 'db-writr'",
                "did you mean 'app->db-writer'?");
    }

    @Test
    void anUnknownInstanceInAKillFaultIsReportedBeforeDeploying() throws Exception {
        Path f = scenario("faults:\n  - {at: 1s, kind: kill, target: app-9}\n");
        CliBadInputIT.assertCleanError(cli("run", f.toString()), "faults[0].target: unknown instance 'app-9'");
    }

    @Test
    void anUnknownOperationInAnSloIsBadInputWithTheOpMeant() throws Exception {
        Path f = scenario("slos:\n  - availabilityAtLeast: {op: raed, fraction: 0.99}\n");
        CliBadInputIT.assertCleanError(cli("run", f.toString()),
                f + ": slos[0].availabilityAtLeast.op: unknown operation 'raed'", "did you mean 'read'?");
    }

    @Test
    void aWorkloadOperationTheTopologyCannotServeAndAnSloNamingAMissingInstanceAreBadInput() throws Exception {
        Path f = scenario("topology: {queues: []}\nworkload: {mix: {write: 1, enqueue: 1}}\n");
        CliBadInputIT.assertCleanError(cli("run", f.toString()),
                f + ": workload.mix: 'enqueue' needs what the topology lacks: no queues");
        f = scenario("slos:\n  - servedOnlyBy: {instances: 'app-1,app-4', after: 1s}\n");
        CliBadInputIT.assertCleanError(cli("run", f.toString()),
                f + ": slos[0].servedOnlyBy.instances: unknown instance 'app-4'");
    }

    @Test
    void aReportDirThatCannotBeWrittenIsBadInputBeforeDeploying() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CliBadInputIT.assertCleanError(cli("run", "replica-lag", "--report-dir", file.toString()),
                "--report-dir " + file, "not a directory");
        CliBadInputIT.assertCleanError(cli("run", "replica-lag", "--report-dir", file.resolve("reports").toString()),
                "--report-dir", "cannot write there");
        CliBadInputIT.assertCleanError(cli("run", "replica-lag", "--report-dir", "/proc/firedrill-reports"),
                "--report-dir /proc/firedrill-reports", "cannot write there");
    }

    @Test
    void validateRejectsAFleetCommandThatIsNotOnPath() throws Exception {
        Path t = Files.writeString(dir.resolve("t.yaml"), "fleet:\n  app:\n    command: [pythn3, app.py]\n");
        CliBadInputIT.assertCleanError(cli("validate", "-t", t.toString()),
                t + ": fleet.app.command[0]: 'pythn3' is not on PATH", "did you mean 'python3'?");
        Path s = Files.writeString(dir.resolve("s.yaml"), "name: s\nduration: 5s\ntopology:\n  fleet:\n    app:\n"
                + "      command: [./no-such-server]\n");
        CliBadInputIT.assertCleanError(cli("run", s.toString()),
                s + ": topology.fleet.app.command[0]: '" + dir.resolve("no-such-server") + "' does not exist");
    }

    @Test
    void validateRejectsSecurityGroupsThatDenyTheAppItsDatabase() throws Exception {
        Path t = Files.writeString(dir.resolve("t.yaml"), "securityGroups:\n"
                + "  - {name: alb-sg, ingress: [{port: 80, cidr: 0.0.0.0/0}]}\n"
                + "  - {name: app-sg, ingress: [{port: 8080, source: alb-sg}]}\n"
                + "  - {name: db-sg, ingress: [{port: 5432, source: db-sg}]}\n"
                + "  - {name: cache-sg, ingress: [{port: 6379, source: app-sg}]}\n");
        CliBadInputIT.assertCleanError(cli("validate", "-t", t.toString()),
                t + ": securityGroups: the app cannot reach the database: db-sg has no ingress rule for port 5432 "
                        + "from app-sg");
        CliBadInputIT.assertCleanError(cli("up", "-t", t.toString(), "--exit-when-ready"), "securityGroups");
    }
}
