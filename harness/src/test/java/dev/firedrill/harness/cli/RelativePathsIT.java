package dev.firedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher run from a directory outside the repository, with every path relative to that directory, and an
 * app started as {@code [node, server.js]} (the README's own example) from the directory of the file that names it.
 */
class RelativePathsIT {
    static final String FLEET = "fleet: {count: 1, app: {command: [node, server.js]}}";

    @TempDir
    Path outside;
    Path work;
    Path runRoot;

    @BeforeEach
    void project() throws Exception {
        assertThat(outside.startsWith(Launcher.ROOT)).as("the caller's directory is outside the repository").isFalse();
        work = Files.createDirectories(outside.resolve("work"));
        runRoot = Files.createDirectories(outside.resolve("runs"));
        Path proj = Files.createDirectories(work.resolve("proj"));
        try (InputStream in = RelativePathsIT.class.getResourceAsStream("server.js")) {
            Files.write(proj.resolve("server.js"), in.readAllBytes());
        }
        Files.writeString(proj.resolve("topology.yaml"), "timeScale: 0.01\n" + FLEET + "\n");
        Files.writeString(proj.resolve("scenario.yaml"), String.join("\n",
                "name: relative",
                "topology: {timeScale: 0.01, " + FLEET + "}",
                "workload: {clients: 2, rate: 20, keys: 10, mix: {write: 1, read: 1}}",
                "warmup: 1s",
                "duration: 3s",
                "faults: [{at: 1s, kind: latency, target: 'alb->app', for: 1s, options: {latency: 20ms}}]",
                "slos: [noLostWrites]", ""));
    }

    @Test
    void upFaultAndHealTakeTheirPathsFromTheCallersDirectory() throws Exception {
        Launcher up = Launcher.start(work, runRoot, "up", "-t", "proj/topology.yaml", "--endpoints",
                "state/endpoints.json");
        Path endpoints = work.resolve("state/endpoints.json");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(endpoints)) {
                assertThat(up.process.isAlive()).as("up running; stdout:\n" + up.stdout() + "\nstderr:\n" + up.stderr())
                        .isTrue();
                assertThat(System.nanoTime()).as("up ready within 120 s").isLessThan(deadline);
                Thread.sleep(100);
            }
            JsonNode app = appComponent(endpoints);
            assertThat(Files.readSymbolicLink(Path.of("/proc", app.get("pid").asText(), "cwd")))
                    .as("node server.js runs in the topology file's directory").isEqualTo(work.resolve("proj"));

            Launcher.Result f = Launcher.run(work, runRoot, 60, "fault", "latency", "alb->app", "--latency", "20ms",
                    "--endpoints", "state/endpoints.json");
            assertThat(f.exitCode()).as(f.both()).isZero();
            assertThat(f.stdout()).contains("injected");
            Launcher.Result h = Launcher.run(work, runRoot, 120, "heal", "--endpoints", "state/endpoints.json");
            assertThat(h.exitCode()).as(h.both()).isZero();
            assertThat(h.stdout()).contains("healed 1 fault(s); topology healthy");
        } finally {
            up.process.destroy(); // SIGTERM: clean stop
            assertThat(up.process.waitFor(60, TimeUnit.SECONDS)).as("up stops on SIGTERM").isTrue();
        }
        assertThat(up.stdout()).contains("stopped everything cleanly");
        assertThat(endpoints).as("the endpoints file goes with its up").doesNotExist();
    }

    @Test
    void runReadsARelativeScenarioAndWritesARelativeReportDir() throws Exception {
        Launcher.Result r = Launcher.run(work, runRoot, 180, "run", "proj/scenario.yaml", "--report-dir", "reports");
        assertThat(r.exitCode()).as(r.both()).isZero();
        List<Path> results;
        try (Stream<Path> s = Files.walk(work.resolve("reports"))) {
            results = s.filter(p -> p.getFileName().toString().equals("result.json")).toList();
        }
        assertThat(results).as("the report under the caller's reports/").hasSize(1);
        assertThat(results.get(0).getParent().getParent()).isEqualTo(work.resolve("reports/relative"));
        assertThat(r.stdout()).contains("report: " + results.get(0).getParent().resolve("index.html"));
    }

    static JsonNode appComponent(Path endpoints) throws Exception {
        for (JsonNode c : new ObjectMapper().readTree(endpoints.toFile()).get("components")) {
            if (c.get("name").asText().equals("app-1")) {
                return c;
            }
        }
        throw new AssertionError("no app-1 in " + Files.readString(endpoints));
    }
}
