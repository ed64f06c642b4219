package dev.firedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.harness.testapp.TestTopologies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code firedrill logs flow} against a real running {@code up}: the ALB's health checks cross its links. */
class FlowLogsCliIT {
    private static final long DEADLINE_NANOS = 120_000_000_000L; // generous: a busy 2-core machine

    static Path dir;
    static Path endpoints;
    static CliProcess up;

    @BeforeAll
    static void startUp() throws Exception {
        dir = Files.createTempDirectory("flow-cli");
        Path runRoot = Files.createDirectories(dir.resolve("runs"));
        endpoints = dir.resolve("endpoints.json");
        String cmd = TestTopologies.testServerCommand().stream().map(s -> "'" + s + "'")
                .collect(Collectors.joining(", ", "[", "]"));
        Path topology = dir.resolve("t.yaml");
        Files.writeString(topology, "timeScale: 0.01\nfleet:\n  count: 2\n  app:\n    command: " + cmd + "\n");
        up = CliProcess.start(runRoot, "up", "-t", topology.toString(), "--endpoints", endpoints.toString());
        long deadline = System.nanoTime() + DEADLINE_NANOS;
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
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--endpoints";
        all[args.length + 1] = endpoints.toString();
        return CliProcess.start(dir.resolve("runs"), all).await(120);
    }

    /** Runs {@code logs flow ARGS} until its output satisfies {@code until}; no timed assertion. */
    static CliProcess.Result logsUntil(Predicate<String> until, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "logs";
        all[1] = "flow";
        System.arraycopy(args, 0, all, 2, args.length);
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (true) {
            CliProcess.Result r = cli(all);
            assertThat(r.exitCode()).as(r.output()).isZero();
            if (until.test(r.output())) {
                return r;
            }
            assertThat(System.nanoTime()).as("logs flow output in time; last:\n" + r.output()).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    @Test
    void printsAVpcHeaderAndALinePerConnectionWithEdgeAndReason() throws Exception {
        CliProcess.Result r = logsUntil(o -> o.contains(" alb->app-1 ") && o.contains(" alb->app-2 "));
        List<String> lines = r.output().lines().toList();
        assertThat(lines.get(0)).isEqualTo("version account-id interface-id srcaddr dstaddr srcport dstport "
                + "protocol packets bytes start end action log-status edge reason");
        String line = lines.stream().filter(l -> l.contains(" alb->app-1 ")).findFirst().orElseThrow();
        String[] f = line.split(" ");
        assertThat(f[0]).isEqualTo("2");
        assertThat(f[2]).isEqualTo("alb_app-1");
        assertThat(f[3]).isEqualTo("127.0.0.1");
        assertThat(f[7]).as("protocol TCP").isEqualTo("6");
        assertThat(f[12]).isIn("ACCEPT", "REJECT");
        assertThat(f[13]).isEqualTo("OK");
        assertThat(f[14]).isEqualTo("alb->app-1");

        CliProcess.Result only = cli("logs", "flow", "--edge", "alb->app-2", "--since", "10m");
        assertThat(only.exitCode()).as(only.output()).isZero();
        assertThat(only.output().lines().skip(1).toList()).as("--edge keeps only that edge").isNotEmpty()
                .allSatisfy(l -> assertThat(l).contains(" alb_app-2 ").contains(" alb->app-2 "));
    }

    @Test
    void jsonFormatIsAnArrayOfRecords() throws Exception {
        CliProcess.Result r = logsUntil(o -> o.contains("\"alb->app-1\""), "--format", "json", "--edge", "alb->*");
        JsonNode a = new ObjectMapper().readTree(r.output());
        assertThat(a.isArray()).isTrue();
        JsonNode rec = a.get(0);
        assertThat(rec.get("link").asText()).startsWith("alb_app-");
        assertThat(rec.get("srcaddr").asText()).isEqualTo("127.0.0.1");
        assertThat(rec.get("protocol").asInt()).isEqualTo(6);
        assertThat(rec.has("startEpochNanos") && rec.has("endEpochNanos") && rec.has("reason")).isTrue();
    }

    @Test
    void aPartitionInRejectModeShowsRejectLinesNamingTheFault() throws Exception {
        CliProcess.Result f = cli("fault", "partition", "alb|app-1", "--mode", "reject");
        assertThat(f.exitCode()).as(f.output()).isZero();
        try {
            CliProcess.Result r = logsUntil(o -> o.lines().anyMatch(l -> l.contains(" REJECT OK alb->app-1 fault f")
                    && l.contains(" partition alb|app-1: rejected")), "--edge", "alb->app-1");
            assertThat(r.output()).contains(" REJECT ");
        } finally {
            CliProcess.Result h = cli("heal");
            assertThat(h.exitCode()).as(h.output()).isZero();
        }
    }

    @Test
    void followPrintsNewRecordsUntilStopped() throws Exception {
        CliProcess follow = CliProcess.start(dir.resolve("runs"), "logs", "flow", "--follow", "--edge", "alb->*",
                "--endpoints", endpoints.toString());
        try {
            long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (follow.output().lines().filter(l -> l.contains(" alb->app-")).count() < 2) {
                assertThat(follow.process.isAlive()).as("still following; output:\n" + follow.output()).isTrue();
                assertThat(System.nanoTime()).as("records while following; output:\n" + follow.output())
                        .isLessThan(deadline);
                Thread.sleep(200);
            }
            assertThat(follow.output()).startsWith("version account-id");
            assertThat(follow.output().lines().filter(l -> l.contains(" alb->app-")).toList())
                    .as("each connection once, ended ones only").doesNotHaveDuplicates()
                    .noneMatch(l -> l.split(" ")[11].equals("-"));
        } finally {
            follow.process.destroy();
            follow.process.waitFor();
        }
    }

    @Test
    void badInputExitsTwoWithOneLineAndNoStackTrace() throws Exception {
        CliProcess.Result r = cli("logs", "flow", "--format", "xml");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("--format").contains("vpc").contains("json").doesNotContain("\tat ");

        r = cli("logs", "flow", "--since", "5 parsecs");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("--since").contains("not a duration").doesNotContain("\tat ");

        r = CliProcess.start(dir.resolve("runs"), "logs", "flow", "--endpoints", dir.resolve("none.json").toString())
                .await(120);
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("no running topology").doesNotContain("\tat ");
    }

    @Test
    void helpExplainsEveryOptionWithExamples() throws Exception {
        CliProcess.Result r = CliProcess.start(dir.resolve("runs"), "logs", "flow", "--help").await(60);
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).contains("--endpoints").contains("--edge").contains("--since").contains("--follow")
                .contains("--format").contains("REJECT").contains("Examples:");
    }
}
