package dev.firedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** {@code firedrill deploy} against a real running {@code up} whose fleet has a second release. */
class DeployCliIT {
    static Path dir;
    static Path endpoints;
    static CliProcess up;

    @BeforeAll
    static void startUp() throws Exception {
        dir = Files.createTempDirectory("deploy-cli");
        Path runRoot = Files.createDirectories(dir.resolve("runs"));
        endpoints = dir.resolve("endpoints.json");
        String cmd = TestTopologies.testServerCommand().stream().map(s -> "'" + s + "'")
                .collect(Collectors.joining(", ", "[", "]"));
        Path topology = dir.resolve("t.yaml");
        Files.writeString(topology, "timeScale: 0.01\nloadBalancer: {targetGroup: {deregistrationDelay: 30s}}\n"
                + "fleet:\n  count: 2\n  app:\n    command: " + cmd + "\n  versions: {v2: {env: {RELEASE_NOTE: new}}}\n");
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
            up.process.destroy();
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

    static JsonNode fleet() throws Exception {
        String control = new ObjectMapper().readTree(endpoints.toFile()).get("control").asText();
        return new ObjectMapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(control + "/firedrill/fleet")).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void badInputExitsTwoWithAClearMessageAndLeavesTheStackUntouchedThenARollingDeployReleases() throws Exception {
        String before = fleet().get("instances").toString();

        CliProcess.Result r = cli("deploy", "--strategy", "big-bang", "--version", "v2");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("unknown strategy 'big-bang'").contains("rolling, blue-green or canary");

        r = cli("deploy", "--version", "v2", "--batch-size", "0");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("batch size must be ≥ 1");

        r = cli("deploy", "--version", "v9");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("release 'v9' does not exist").contains("v1, v2");
        assertThat(r.output()).doesNotContain("\tat ");

        JsonNode f = fleet();
        assertThat(f.get("instances").toString()).as("nothing changed").isEqualTo(before);
        assertThat(f.get("events")).as("no fleet event").isEmpty();
        assertThat(f.get("deployment").asText()).isEqualTo("none");

        r = cli("deploy", "--strategy", "rolling", "--version", "v2", "--batch-size", "1", "--min-healthy-percent",
                "50");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("deploying: rolling v2").contains("terminate").contains("launch")
                .contains("healthy").contains("released v2");
        f = fleet();
        assertThat(f.get("instances")).hasSize(2).allMatch(i -> i.get("release").asText().equals("v2"));
        assertThat(f.get("release").asText()).isEqualTo("v2");
    }

    @Test
    void helpExplainsEveryOption() throws Exception {
        CliProcess.Result r = CliProcess.start(dir.resolve("runs"), "deploy", "--help").await(60);
        assertThat(r.exitCode()).isZero();
        for (String o : new String[] {"--strategy", "--version", "--batch-size", "--min-healthy-percent", "--bake-time",
                "--canary-percent", "--max-error-rate", "--max-p99", "--min-requests", "--health-timeout",
                "--no-rollback", "--no-wait", "--endpoints", "blue-green", "canary", "deregistration delay"}) {
            assertThat(r.output()).contains(o);
        }
    }
}
