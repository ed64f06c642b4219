package dev.firedrill.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged jar, started as a real process, shuts down gracefully on SIGTERM. */
class SigtermIT {
    static final Path JAR = Paths.get("target", "firedrill-app-under-test.jar");

    @Test
    void sigtermLetsTheInFlightRequestFinishThenRefusesConnectionsAndClosesPools() throws Exception {
        AppTestEnvironment env = AppTestEnvironment.shared();
        assertThat(JAR).as("run through `mvn verify` so the shaded jar exists").exists();
        Map<String, String> vars = env.env("sigterm", env.newDatabase("sigterm"), env.newQueues());
        int port = AppTestEnvironment.freePort();
        vars.put("PORT", Integer.toString(port));
        vars.put("DEBUG_ENDPOINTS", "true");
        vars.put("LOG_LEVEL", "info");
        vars.put("SHUTDOWN_GRACE_MS", "10000");
        ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()).redirectErrorStream(true);
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
        }, "sigterm-it-stdout");
        reader.start();
        try {
            AppClient client = new AppClient(port);
            awaitHealthy(client, process, lines);
            CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.get("/debug/sleep?ms=1500");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(400);
            // not Process.destroy(): it also closes our end of the child's stdout, losing the shutdown log
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start().waitFor();
            HttpResponse<String> response = inFlight.get(15, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as("the in-flight request finishes").isEqualTo(200);
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("exits within the grace period").isTrue();
            reader.join(5000);
            assertThat(String.join("\n", lines)).contains("\"msg\":\"stopping", "pools closed");
            for (String line : lines) {
                assertThat(line).as("every log line is one JSON object").startsWith("{").endsWith("}");
            }
            try {
                client.get("/health");
                throw new AssertionError("the app still accepts connections after SIGTERM");
            } catch (ConnectException expected) {
                // refused: nothing listens any more
            }
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitHealthy(AppClient client, Process process, List<String> lines) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the jar exited with " + process.exitValue() + ":\n" + String.join("\n", lines));
            }
            try {
                if (client.get("/health").statusCode() == 200) {
                    return;
                }
            } catch (ConnectException notYet) {
                // still starting
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not healthy within 30 s:\n" + String.join("\n", lines));
    }

    static boolean jarExists() {
        return Files.exists(JAR);
    }
}
