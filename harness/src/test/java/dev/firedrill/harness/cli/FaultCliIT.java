package dev.firedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.testapp.TestTopologies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code firedrill fault} and {@code heal} against a real running {@code up}. */
class FaultCliIT {
    static Path dir;
    static Path endpoints;
    static CliProcess up;

    @BeforeAll
    static void startUp() throws Exception {
        dir = Files.createTempDirectory("fault-cli");
        Path runRoot = Files.createDirectories(dir.resolve("runs"));
        endpoints = dir.resolve("endpoints.json");
        String cmd = TestTopologies.testServerCommand().stream().map(s -> "'" + s + "'")
                .collect(Collectors.joining(", ", "[", "]"));
        Path topology = dir.resolve("t.yaml");
        Files.writeString(topology, "timeScale: 0.01\nfleet:\n  count: 2\n  app:\n    command: " + cmd + "\n");
        up = CliProcess.start(runRoot, "up", "-t", topology.toString(), "--endpoints", endpoints.toString());
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(endpoints)) {
            assertThat(up.process.isAlive()).as("up running; output:\n" + up.output()).isTrue();
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (up != null) {
            up.process.destroy(); // SIGTERM: clean stop
            up.process.waitFor();
            assertThat(up.output()).contains("stopped everything cleanly");
        }
        dev.firedrill.harness.internal.RunDirectories.deleteTree(dir);
    }

    static CliProcess.Result cli(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--endpoints";
        all[args.length + 1] = endpoints.toString();
        return CliProcess.start(dir.resolve("runs"), all).await(120);
    }

    static String activeFaults() throws Exception {
        String control = new com.fasterxml.jackson.databind.ObjectMapper().readTree(endpoints.toFile()).get("control")
                .asText();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(control + "/firedrill/faults")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void badFaultsExitWithCodeTwoAndApplyNothingThenAValidOneIsHealed() throws Exception {
        CliProcess.Result r = cli("fault", "bogus", "x");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("unknown fault kind 'bogus'").contains("latency");

        r = cli("fault", "kill", "app-9");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("unknown instance 'app-9'").contains("app-1");

        r = cli("fault", "latency", "app->db", "--latency", "100ms", "--for", "-5s");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("cannot be negative");

        r = cli("fault", "partition", "app|", "--mode", "reject");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("empty side");
        assertThat(r.output()).doesNotContain("\tat ");
        assertThat(activeFaults()).as("nothing half-applied").isEqualTo("[]");

        r = cli("fault", "latency", "app->db", "--latency", "300ms");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("injected f").contains("app-1->db-writer").contains("app-2->db-reader");
        assertThat(activeFaults()).contains("latency");

        r = cli("heal");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("healed 1 fault(s); topology healthy").contains("targets healthy");
        assertThat(activeFaults()).isEqualTo("[]");
        assertThat(up.output()).contains("! fault f").contains("healed");
    }

    @Test
    void helpListsKindsAndTargets() throws Exception {
        CliProcess.Result r = CliProcess.start(dir.resolve("runs"), "fault", "--help").await(60);
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).contains("replica-lag").contains("az-outage").contains("count(2)").contains("upstream =");
    }
}
