package dev.firedrill.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * APP_FAULT=slow-start with the real jar: nothing listens during APP_START_DELAY, then the instance is healthy;
 * SIGTERM during the delay ends it at once.
 */
class SlowStartIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A started jar and everything it printed. */
    private record Started(Process process, List<String> lines, int port) {
        String log() {
            return String.join("\n", lines);
        }

        void awaitLine(String fragment, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (lines.stream().anyMatch(l -> l.contains(fragment))) {
                    return;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("the jar exited with " + process.exitValue() + ":\n" + log());
                }
                Thread.sleep(10);
            }
            throw new AssertionError("no line with '" + fragment + "' within " + timeout + ":\n" + log());
        }

        JsonNode line(String fragment) throws Exception {
            for (String l : lines) {
                if (l.contains(fragment)) {
                    return JSON.readTree(l);
                }
            }
            throw new AssertionError("no line with '" + fragment + "':\n" + log());
        }
    }

    private static Started start(String name, String delay) throws Exception {
        AppTestEnvironment env = AppTestEnvironment.shared();
        assertThat(SigtermIT.JAR).as("run through `mvn verify` so the shaded jar exists").exists();
        Map<String, String> vars = env.env(name, env.newDatabase(name.replace('-', '_')), env.newQueues());
        int port = AppTestEnvironment.freePort();
        vars.put("PORT", Integer.toString(port));
        vars.put("LOG_LEVEL", "info");
        vars.put("APP_VERSION", "v2");
        vars.put("APP_FAULT", "slow-start");
        vars.put("APP_START_DELAY", delay);
        ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", SigtermIT.JAR.toString())
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(vars);
        Process process = pb.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception ignored) {
                // process gone
            }
        }, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
        return new Started(process, lines, port);
    }

    @Test
    void nothingListensDuringTheDelayThenTheInstanceIsHealthy() throws Exception {
        Started app = start("slow-start", "2s");
        try {
            app.awaitLine("APP_FAULT=slow-start: waiting 2000 ms", Duration.ofSeconds(30));
            AppClient client = new AppClient(app.port());
            try {
                client.get("/health");
                throw new AssertionError("something listens during APP_START_DELAY:\n" + app.log());
            } catch (ConnectException expected) {
                // refused: the delay comes before the listener
            }
            HttpResponse<String> health = awaitHealthy(client, app);
            assertThat(health.headers().firstValue("X-App-Version")).hasValue("v2");
            app.awaitLine("\"msg\":\"started v2 on", Duration.ofSeconds(10));
            Instant waiting = Instant.parse(app.line("APP_FAULT=slow-start: waiting").get("ts").asText());
            Instant started = Instant.parse(app.line("\"msg\":\"started v2 on").get("ts").asText());
            assertThat(Duration.between(waiting, started)).as("the app's own clock: start-up took the delay at least")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(app.line("\"msg\":\"started v2 on").get("version").asText()).isEqualTo("v2");
            assertThat(app.log()).contains("APP_FAULT=slow-start: this instance is a deliberately bad release");
            for (String line : app.lines()) {
                assertThat(JSON.readTree(line).path("version").asText()).as("every line names the release: " + line)
                        .isEqualTo("v2");
            }
        } finally {
            app.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigtermDuringTheDelayExitsPromptly() throws Exception {
        Started app = start("slow-start-term", "300s");
        try {
            app.awaitLine("APP_FAULT=slow-start: waiting 300000 ms", Duration.ofSeconds(30));
            new ProcessBuilder("kill", "-TERM", Long.toString(app.process().pid())).inheritIO().start().waitFor();
            assertThat(app.process().waitFor(15, TimeUnit.SECONDS))
                    .as("SIGTERM ends the wait, not the 300 s delay:\n" + app.log()).isTrue();
            assertThat(app.process().exitValue()).as("killed by SIGTERM").isEqualTo(143);
        } finally {
            app.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<String> awaitHealthy(AppClient client, Started app) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!app.process().isAlive()) {
                throw new AssertionError("the jar exited with " + app.process().exitValue() + ":\n" + app.log());
            }
            try {
                HttpResponse<String> health = client.get("/health");
                if (health.statusCode() == 200) {
                    return health;
                }
            } catch (ConnectException notYet) {
                // still waiting or starting
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not healthy within 60 s:\n" + app.log());
    }
}
