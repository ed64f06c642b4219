package dev.firedrill.harness.cli;

import dev.firedrill.harness.backend.Backend;
import dev.firedrill.harness.backend.Deployment;
import dev.firedrill.harness.backend.ProgressListener;
import dev.firedrill.harness.backend.aws.AwsBackend;
import dev.firedrill.harness.backend.aws.AwsSettings;
import dev.firedrill.harness.scenario.FaultStep;
import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.scenario.RunResult;
import dev.firedrill.harness.scenario.Scenario;
import dev.firedrill.harness.scenario.ScenarioRunner;
import dev.firedrill.harness.scenario.ScenarioYaml;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code firedrill run SCENARIO}: runs a scenario end to end and judges its SLOs. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a scenario: start its topology, drive the workload, inject and heal its faults, check the "
                + "history, judge the SLOs and write the report (history.jsonl, result.json, index.html).",
                "Exit 0 when every SLO holds, 1 when one fails (or the run could not complete), 2 on bad input, 3 when "
                        + "none failed but one is inconclusive: it was measured while the harness itself could not "
                        + "keep time (its JVM paused, the load generator fell behind, the machine's CPUs were "
                        + "contended) or an input it needs was missing; 130 when interrupted (Ctrl-C or SIGTERM: "
                        + "faults are healed, the report says how far it got and judges nothing after that).", ""},
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

    @Option(names = "--backend", paramLabel = "NAME", description = "Where to bring the stack up: "
            + "${sys:firedrill.backends}. Default: the topology's 'backend:' key, else embedded.")
    String backend;

    @Option(names = "--duration-factor", paramLabel = "F",
            description = "Stretch the run: duration and every fault's start and length × F (nightly runs).")
    Double durationFactor;

    @Mixin
    AwsOptions aws = new AwsOptions();

    @Mixin
    AwsGuardOptions guards = new AwsGuardOptions();

    @Option(names = "--aws-param", paramLabel = "KEY=VALUE", description = "With --backend aws: a template "
            + "parameter (ImageId, InstanceType, AppArtifactUrl...); repeatable.")
    Map<String, String> awsParams = new LinkedHashMap<>();

    @Option(names = "--aws-fault-mode", paramLabel = "MODE", description = "With --backend aws: how faults reach "
            + "AWS: fis (FIS experiments where FIS has an action), api (EC2/RDS API calls only, for an endpoint "
            + "without FIS), auto (api at moto, fis elsewhere; the default).")
    String awsFaultMode;

    @Option(names = "--aws-journal", paramLabel = "FILE", defaultValue = CliPaths.DEFAULT_AWS_JOURNAL,
            description = "With --backend aws: where the run journal goes, so that './firedrill aws down' finds the "
                    + "stack if this run is killed (default: ${DEFAULT-VALUE}).")
    Path awsJournal;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ScenarioYaml.Loaded loaded = ScenarioYaml.resolve(scenario);
        Scenario s = ScenarioYaml.override(loaded.scenario(), timeScale, seed, durationFactor);
        // everything that can be known before deploying is checked before deploying
        String where = (ScenarioYaml.isFile(scenario) ? scenario : "built-in scenario " + scenario) + ": topology.";
        Backend b = TopologyOption.resolve(backend, s.topology(), where);
        if (b instanceof AwsBackend awsBackend) {
            b = awsBackend.with(guards.apply(awsBackend.settings().withEndpoint(aws.endpoint != null ? aws.endpoint
                    : awsBackend.settings().endpoint()).withConfirmAccount(aws.confirmAccount != null
                    ? aws.confirmAccount : awsBackend.settings().confirmAccount()).withParams(awsParams)
                    .withJournal(awsJournal).withFaultMode(faultMode(awsFaultMode, awsBackend.settings().faultMode()))))
                    .forScenario(s);
        } else if (aws.endpoint != null || aws.confirmAccount != null || !awsParams.isEmpty()
                || guards.maxRunMinutes != null || guards.maxCostUsd != null || awsFaultMode != null) {
            throw new dev.firedrill.harness.FiredrillException("--aws-endpoint, --confirm-account, --aws-param, "
                    + "--aws-fault-mode, --max-run-time and --max-cost are for --backend aws; this run's backend is "
                    + b.name());
        }
        b.preflight(s.topology(), where);
        if (!s.deployments().isEmpty() && !b.deploys()) {
            throw new dev.firedrill.harness.FiredrillException((ScenarioYaml.isFile(scenario) ? scenario + ": " : "")
                    + "deployments: backend '" + b.name() + "' cannot run deployments yet; run this scenario on "
                    + "--backend embedded");
        }
        for (int i = 0; i < s.faults().size(); i++) {
            FaultStep step = s.faults().get(i);
            try {
                b.check(s.topology(), step.fault());
            } catch (dev.firedrill.harness.FaultException e) {
                throw new dev.firedrill.harness.FaultException((ScenarioYaml.isFile(scenario) ? scenario + ": " : "")
                        + "faults[" + i + "]: " + e.getMessage());
            }
        }
        WritableDirectory.require("--report-dir", reportDir);
        out.printf("firedrill run %s: seed %d, timeScale %s, backend %s, %s warm-up + %s run, %d fault(s), %d SLO(s)%n",
                s.name(), s.seed(), s.topology().timeScale(), b.name(), secs(s.warmup()), secs(s.duration()),
                s.faults().size(), s.slos().size());
        out.flush();
        boolean tty = System.console() != null;
        RunResult r;
        long t0 = System.nanoTime();
        try (Interrupts interrupts = Interrupts.install(Thread.currentThread(), spec.commandLine().getErr())) {
            try (Deployment d = b.deploy(s.topology(), new ProgressListener() {
                @Override
                public void componentReady(String component, String detail, Duration took) {
                    out.printf("  ✓ %-14s %-8s %s%n", component, UpCommand.secs(took.toNanos()), detail);
                    out.flush();
                }

                @Override
                public void step(String message) {
                    out.println("  " + message);
                    out.flush();
                }
            })) {
                out.printf("  deployed %d components in %s%n", d.topology().components().size(),
                        UpCommand.secs(System.nanoTime() - t0));
                r = ScenarioRunner.create().reportRoot(reportDir).onProgress(progress(out, tty)).run(s, d);
                if (tty) {
                    out.println();
                }
                RunSummary.print(out, r);
                if (r.interrupted() && interrupts.received() == null && r.interruption().cause() != null) {
                    Thread.interrupted(); // the deployment stopped the run: a stop condition is a failure
                    return Main.FAILED;
                }
                if (r.interrupted() || interrupts.received() != null) {
                    Thread.interrupted(); // handled: the deployment closes normally
                    return Main.INTERRUPTED;
                }
            } catch (RuntimeException e) {
                if (interrupts.received() == null) {
                    throw e;
                }
                Thread.interrupted();
                spec.commandLine().getErr().println("interrupted while deploying; everything started was stopped");
                return Main.INTERRUPTED;
            }
        }
        return switch (r.outcome()) {
            case PASSED -> Main.OK;
            case FAILED -> Main.FAILED;
            case INCONCLUSIVE -> Main.INCONCLUSIVE;
        };
    }

    /** On a terminal one line redrawn in place; in a log a line every 2 s. */
    private static dev.firedrill.harness.scenario.ProgressListener progress(PrintWriter out, boolean tty) {
        long[] lastLine = {0};
        return p -> {
            long now = System.nanoTime();
            if (tty) {
                out.print("\r" + RunSummary.line(p) + "   ");
                out.flush();
            } else if (now - lastLine[0] > 2_000_000_000L) {
                lastLine[0] = now;
                out.println(RunSummary.line(p));
                out.flush();
            }
        };
    }

    private static String secs(Duration d) {
        return UpCommand.secs(d.toNanos());
    }

    private static AwsSettings.FaultMode faultMode(String option, AwsSettings.FaultMode otherwise) {
        if (option == null) {
            return otherwise;
        }
        try {
            return AwsSettings.FaultMode.valueOf(option.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new dev.firedrill.harness.FiredrillException("--aws-fault-mode: '" + option + "' is not one of "
                    + "auto, fis, api");
        }
    }
}
