package dev.firedrill.perf.gatling.internal;

import dev.firedrill.harness.history.History;
import dev.firedrill.harness.report.ReportWriter;
import dev.firedrill.harness.report.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The firedrill report of a Gatling run: {@code target/firedrill/gatling-<baseline|underfault>/<timestamp>/} with result.json and
 * index.html (fault windows and sampler readings from the run's history) linking to Gatling's HTML report
 * (requests, latency percentiles, assertions). Gatling writes its report after {@code after()} returns, but its
 * run directory already exists then, so the link is known.
 */
public final class LinkedReport {
    private LinkedReport() {
    }

    /** Writes the report; returns its index.html. */
    public static Path write(Class<?> simulation, long seed, LoadSettings settings, TargetStack stack,
                             String faultSummary) {
        String name = simulation.getSimpleName().replace("Simulation", "").toLowerCase();
        Path results = Path.of(System.getProperty("firedrill.gatling.results", "target/gatling")).toAbsolutePath();
        String ts = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = Path.of(System.getProperty("firedrill.reports", "target/firedrill")).toAbsolutePath()
                .resolve("gatling-" + name).resolve(ts);
        Map<String, String> links = new LinkedHashMap<>();
        Optional<Path> run = latestRun(results, simulation.getSimpleName());
        run.ifPresent(r -> links.put("Gatling report (requests, latency, assertions): " + r.getFileName(),
                dir.relativize(r.resolve("index.html")).toString().replace('\\', '/')));
        if (run.isEmpty()) {
            links.put("Gatling report not found under " + results + " (set -Dfiredrill.gatling.results)",
                    results.toUri().toString());
        }
        Map<String, Object> topology = new LinkedHashMap<>(stack.describe());
        topology.putAll(settings.describe());
        if (faultSummary != null) {
            topology.put("fault", faultSummary);
        }
        History history = stack.recorder().history();
        return ReportWriter.write(dir, new RunReport("gatling-" + name, topology, seed, settings.timeScale(), history,
                List.of(), List.of(), links));
    }

    /** Gatling names a run directory {@code <simulation class, lower case>-<timestamp>}. */
    static Optional<Path> latestRun(Path results, String simulationClassName) {
        if (!Files.isDirectory(results)) {
            return Optional.empty();
        }
        String prefix = simulationClassName.toLowerCase() + "-";
        try (Stream<Path> s = Files.list(results)) {
            return s.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith(prefix))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
