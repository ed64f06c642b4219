package dev.firedrill.perf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.firedrill.harness.backend.Backends;
import dev.firedrill.harness.backend.Deployment;
import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.scenario.RunResult;
import dev.firedrill.harness.scenario.Scenario;
import dev.firedrill.harness.scenario.ScenarioRunner;
import dev.firedrill.harness.scenario.ScenarioYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How much load from other work a run can take before its verdicts turn inconclusive: the same built-in
 * scenario (default {@code instance-loss}) run with 0, 1, 2 and 4 busy loops in other processes (another job on a
 * shared runner), side by side in one invocation. For each level: time the harness could not keep time, its
 * longest pause, the CPU pressure, and every SLO's outcome. A healthy stack must never show a failed SLO at any
 * level — only passed or inconclusive.
 *
 * <p>Usage: {@code LoadToleranceBenchmark [--scenario instance-loss] [--levels 0,1,2,4]
 * [--out perf/target/benchmarks/load-tolerance.json]}; needs {@code -Dfiredrill.app.jar} (see
 * {@code perf/load-tolerance.sh}). Not JMH: one iteration is a whole scenario.
 */
public final class LoadToleranceBenchmark {
    private LoadToleranceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String scenario = "instance-loss";
        List<Integer> levels = List.of(0, 1, 2, 4);
        Path out = Path.of("perf", "target", "benchmarks", "load-tolerance.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scenario" -> scenario = args[++i];
                case "--levels" -> levels = java.util.Arrays.stream(args[++i].split(",")).map(String::trim)
                        .map(Integer::parseInt).toList();
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("error: unknown argument '" + args[i] + "'; usage: LoadToleranceBenchmark "
                            + "[--scenario NAME] [--levels 0,1,2,4] [--out FILE]");
                    System.exit(2);
                }
            }
        }
        Scenario base = ScenarioYaml.builtin(scenario).scenario();
        List<Map<String, Object>> rows = new ArrayList<>();
        System.out.printf("%-6s %-10s %-10s %-9s %-13s %s%n", "loops", "stalled", "max pause", "pressure",
                "outcome", "SLOs");
        for (int loops : levels) {
            Map<String, Object> row = run(base, loops);
            rows.add(row);
            System.out.printf(Locale.ROOT, "%-6d %-10s %-10s %-9s %-13s %s%n", loops, row.get("stalledMs") + " ms",
                    row.get("maxPauseMs") + " ms", row.get("meanCpuPressurePct") + " %", row.get("outcome"),
                    row.get("slos"));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("date", LocalDate.now().toString());
        doc.put("scenario", scenario);
        doc.put("cores", Runtime.getRuntime().availableProcessors());
        doc.put("runs", rows);
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), doc);
        System.out.println("results: " + out);
    }

    /**
     * A busy loop detached from this JVM (re-parented to init, so the harness counts it as other work, as another
     * job on the runner would be), in a session of its own that {@code timeout} ends after 10 minutes at the
     * latest; returns its process group.
     */
    private static long detachedBusyLoop() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "setsid timeout -s KILL 600 sh -c 'while :; do :; done' "
                + "</dev/null >/dev/null 2>&1 & echo $!").start();
        String pid = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        p.waitFor(5, TimeUnit.SECONDS);
        return Long.parseLong(pid);
    }

    private static Map<String, Object> run(Scenario base, int loops) throws IOException, InterruptedException {
        Scenario s = new Scenario(base.name() + "-load" + loops, base.topology(), base.workload(), base.warmup(),
                base.duration(), base.faults(), base.seed(), base.slos(), base.jobBound(), base.sampleInterval());
        List<Long> hogs = new ArrayList<>();
        RunResult r;
        try (Deployment d = Backends.named("embedded").deploy(s.topology())) {
            for (int i = 0; i < loops; i++) {
                hogs.add(detachedBusyLoop());
            }
            r = ScenarioRunner.create().reportRoot(Path.of("perf", "target", "load-tolerance")).run(s, d);
        } finally {
            for (long pgid : hogs) {
                new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).start().waitFor(5, TimeUnit.SECONDS);
            }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("loops", loops);
        row.put("runMs", Math.round(r.history().endNanos() / 1e6));
        row.put("stalledMs", r.figures().get("stalledMs"));
        row.put("stalls", r.figures().get("stalls"));
        row.put("maxPauseMs", r.figures().get("harnessPauseMaxMs"));
        row.put("meanCpuPressurePct", Math.round(r.history().samples("cpu_pressure_pct").stream()
                .mapToDouble(e -> e.number()).filter(x -> !Double.isNaN(x)).average().orElse(Double.NaN)));
        row.put("meanCpuForeignPct", Math.round(r.history().samples("cpu_foreign_pct").stream()
                .mapToDouble(e -> e.number()).filter(x -> !Double.isNaN(x)).average().orElse(Double.NaN)));
        row.put("outcome", r.outcome().wire());
        Map<String, String> slos = new LinkedHashMap<>();
        for (SloVerdict v : r.slos()) {
            slos.put(v.name(), v.outcome().wire());
        }
        row.put("slos", slos);
        row.put("report", r.indexHtml().toString());
        return row;
    }
}
