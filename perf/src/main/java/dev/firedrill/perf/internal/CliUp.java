package dev.firedrill.perf.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.firedrill.harness.internal.RunDirectories;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Times {@code firedrill up --exit-when-ready} in a fresh JVM, as the launcher script starts it (same JVM
 * flags), with a topology YAML whose fleet runs the harness TestServer: milliseconds from process start to
 * the "ready in" line, and to process exit (which includes stopping everything).
 */
public final class CliUp {
    /** @param readyMs process start → "ready in" printed; @param exitMs process start → exit */
    public record Timing(double readyMs, double exitMs) {
    }

    private CliUp() {
    }

    public static Timing run(List<String> testServerCommand, int instances, double timeScale) throws IOException,
            InterruptedException {
        Path dir = Files.createTempDirectory("firedrill-perf-cli");
        try {
            Path yaml = dir.resolve("topology.yaml");
            new ObjectMapper(new YAMLFactory()).writeValue(yaml.toFile(), Map.of("name", "perf-cli",
                    "timeScale", timeScale, "fleet", Map.of("count", instances, "app",
                            Map.of("command", testServerCommand))));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.log.org.elasticmq=warn",
                    "-cp", System.getProperty("java.class.path"), "dev.firedrill.harness.cli.Main",
                    "up", "-t", yaml.toString(), "--endpoints", dir.resolve("endpoints.json").toString(),
                    "--exit-when-ready"));
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            double readyMs = Double.NaN;
            StringBuilder output = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (Double.isNaN(readyMs) && line.startsWith("ready in")) {
                        readyMs = (System.nanoTime() - t0) / 1e6;
                    }
                    output.append(line).append('\n');
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("firedrill up --exit-when-ready did not exit within 120 s:\n" + output);
            }
            double exitMs = (System.nanoTime() - t0) / 1e6;
            if (p.exitValue() != 0 || Double.isNaN(readyMs)) {
                throw new IllegalStateException("firedrill up --exit-when-ready failed (exit " + p.exitValue() + "):\n"
                        + output);
            }
            return new Timing(readyMs, exitMs);
        } finally {
            RunDirectories.deleteTree(dir);
        }
    }
}
