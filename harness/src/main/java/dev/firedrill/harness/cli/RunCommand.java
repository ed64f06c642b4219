package dev.firedrill.harness.cli;

import dev.firedrill.harness.backend.ProgressListener;
import dev.firedrill.harness.backend.embedded.EmbeddedBackend;
import dev.firedrill.harness.backend.embedded.EmbeddedDeployment;
import dev.firedrill.harness.backend.embedded.Preflight;
import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.scenario.Progress;
import dev.firedrill.harness.scenario.RunResult;
import dev.firedrill.harness.scenario.Scenario;
import dev.firedrill.harness.scenario.ScenarioRunner;
import dev.firedrill.harness.scenario.ScenarioYaml;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code firedrill run SCENARIO}: runs a scenario end to end and judges its SLOs. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a scenario: start its topology, drive the workload, inject and heal its faults, check the "
                + "history, judge the SLOs and write the report (history.jsonl, result.json, index.html).",
                "Exit 0 when every SLO holds, 1 when one fails (or the run could not complete), 2 on bad input.", ""},
        footer = {"", "Examples:", "  ./firedrill run replica-lag",
                "  ./firedrill run failover --time-scale 0.1 --seed 7",
                "  ./firedrill run my-scenario.yaml --report-dir reports",
                "  ./firedrill list                   # the built-in scenarios"})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCENARIO", description = "A built-in scenario name or a scenario YAML file.")
    String scenario;

    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "target/firedrill",
            description = "Reports go to DIR/<scenario>/<timestamp>/ (default: ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--seed", paramLabel = "N", description = "Override the scenario's seed (every random choice).")
    Long seed;

    @Option(names = "--time-scale", paramLabel = "X", description = "Override the topology's timeScale (0.001..1).")
    Double timeScale;

    @Option(names = "--duration-factor", paramLabel = "F",
            description = "Stretch the run: duration and every fault's start and length × F (nightly runs).")
    Double durationFactor;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ScenarioYaml.Loaded loaded = ScenarioYaml.resolve(scenario);
        Scenario s = ScenarioYaml.override(loaded.scenario(), timeScale, seed, durationFactor);
        // everything that can be known before deploying is checked before deploying
        Preflight.require(s.topology(), (ScenarioYaml.isFile(scenario) ? scenario : "built-in scenario " + scenario)
                + ": topology.");
        WritableDirectory.require("--report-dir", reportDir);
        out.printf("firedrill run %s: seed %d, timeScale %s, %s warm-up + %s run, %d fault(s), %d SLO(s)%n", s.name(),
                s.seed(), s.topology().timeScale(), secs(s.warmup()), secs(s.duration()), s.faults().size(),
                s.slos().size());
        out.flush();
        boolean tty = System.console() != null;
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            // Ctrl-C: interrupt the run; its final phase heals every fault and the deployment is closed
            main.interrupt();
            try {
                main.join(TimeUnit.SECONDS.toMillis(90));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "firedrill-run-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        RunResult r;
        long t0 = System.nanoTime();
        try (EmbeddedDeployment d = new EmbeddedBackend().deploy(s.topology(), new ProgressListener() {
            @Override
            public void componentReady(String component, String detail, Duration took) {
                if (tty) {
                    out.printf("\r  deploy  %-14s ready %s   ", component, UpCommand.secs(took.toNanos()));
                    out.flush();
                }
            }
        })) {
            out.printf("%s  deployed %d components in %s%n", tty ? "\r" : "", d.topology().components().size(),
                    UpCommand.secs(System.nanoTime() - t0));
            long[] lastLine = {0};
            r = ScenarioRunner.create().reportRoot(reportDir).onProgress(p -> {
                long now = System.nanoTime();
                if (tty) {
                    out.print("\r" + line(p) + "   ");
                    out.flush();
                } else if (now - lastLine[0] > 2_000_000_000L) {
                    lastLine[0] = now;
                    out.println(line(p));
                    out.flush();
                }
            }).run(s, d);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: let it finish
            }
        }
        if (tty) {
            out.println();
        }
        summary(out, r);
        return r.slos().stream().allMatch(SloVerdict::passed) && r.error() == null ? Main.OK : Main.FAILED;
    }

    static String line(Progress p) {
        return String.format(Locale.ROOT, "  %-11s %6.1fs  %6.0f ops/s  ok %d  errors %d (indeterminate %d)  faults %d",
                p.phase(), p.elapsed().toMillis() / 1000.0, p.opsPerSecond(), p.ok(), p.errors(), p.indeterminate(),
                p.activeFaults());
    }

    static void summary(PrintWriter out, RunResult r) {
        out.println();
        out.printf("%-34s %-28s %-28s %s%n", "SLO", "expected", "measured", "");
        for (SloVerdict v : r.slos()) {
            out.printf("%-34s %-28s %-28s %s%n", trim(v.name(), 34), trim(v.expected(), 28), trim(v.measured(), 28),
                    v.passed() ? "PASS" : "FAIL");
            if (!v.passed() && v.message() != null && !v.message().isBlank()) {
                out.println(ListCommand.wrap(v.message(), "    ", 110));
            }
        }
        out.println();
        out.printf("%-34s %s%n", "check", "verdict");
        for (CheckResult c : r.checks()) {
            out.printf("%-34s %s%s%n", c.name(), c.verdict().wire(), c.error() == null ? "" : "  (" + c.error() + ")");
        }
        out.println();
        if (r.error() != null) {
            out.println("run error: " + r.error());
        }
        long failed = r.slos().stream().filter(v -> !v.passed()).count();
        out.printf("%s: %d of %d SLOs hold; verdict %s%n", failed == 0 && r.error() == null ? "PASSED" : "FAILED",
                r.slos().size() - failed, r.slos().size(), r.verdict().wire());
        out.println("report: " + r.indexHtml().toAbsolutePath());
        out.flush();
    }

    private static String trim(String s, int n) {
        if (s == null) {
            return "";
        }
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    private static String secs(Duration d) {
        return UpCommand.secs(d.toNanos());
    }
}
