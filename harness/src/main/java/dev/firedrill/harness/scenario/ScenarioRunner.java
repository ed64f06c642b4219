package dev.firedrill.harness.scenario;

import dev.firedrill.harness.history.Stalls;
import dev.firedrill.harness.backend.Backend;
import dev.firedrill.harness.backend.Deployment;
import dev.firedrill.harness.check.CheckInput;
import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.check.Checker;
import dev.firedrill.harness.check.FinalValue;
import dev.firedrill.harness.check.JobOutcome;
import dev.firedrill.harness.check.StandardCheckers;
import dev.firedrill.harness.check.Verdict;
import dev.firedrill.harness.fault.ActiveFault;
import dev.firedrill.harness.fault.HealthReport;
import dev.firedrill.harness.history.History;
import dev.firedrill.harness.history.HistoryRecorder;
import dev.firedrill.harness.report.Interruption;
import dev.firedrill.harness.report.ReportWriter;
import dev.firedrill.harness.report.RunReport;
import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.sampler.HarnessMonitor;
import dev.firedrill.harness.sampler.Sampler;
import dev.firedrill.harness.scenario.internal.FaultBridge;
import dev.firedrill.harness.scenario.internal.FinalReads;
import dev.firedrill.harness.scenario.internal.Waits;
import dev.firedrill.harness.workload.Workload;
import dev.firedrill.harness.workload.WorkloadStats;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Runs a {@link Scenario}: deploy (or reuse a deployment), warm up, run the workload while the fault schedule
 * injects and heals faults at exact times, then a final phase that always runs — also on failure or interrupt —
 * and heals everything, verifies the topology is healthy, waits for the replicas to catch up, reads the final
 * state ({@code ?consistent=true}) and job outcomes, runs the standard checkers, judges the SLOs and writes
 * {@code history.jsonl}, {@code result.json} and {@code index.html} into
 * {@code <reportRoot>/<scenario>/<timestamp>/}.
 *
 * <pre>{@code
 * RunResult r = ScenarioRunner.create().reportRoot(Path.of("target/firedrill"))
 *         .onProgress(p -> System.out.println(p)).run(scenario, deployment);
 * }</pre>
 */
public final class ScenarioRunner {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT);
    private final Path reportRoot;
    private final ProgressListener progress;
    private final Duration healthTimeout;

    private ScenarioRunner(Path reportRoot, ProgressListener progress, Duration healthTimeout) {
        this.reportRoot = reportRoot;
        this.progress = progress;
        this.healthTimeout = healthTimeout;
    }

    /** Reports under {@code target/firedrill}, no progress output, 60 s to become healthy after heal. */
    public static ScenarioRunner create() {
        return new ScenarioRunner(Path.of("target", "firedrill"), ProgressListener.none(), Duration.ofSeconds(60));
    }

    public ScenarioRunner reportRoot(Path root) {
        return new ScenarioRunner(Objects.requireNonNull(root, "root"), progress, healthTimeout);
    }

    public ScenarioRunner onProgress(ProgressListener listener) {
        return new ScenarioRunner(reportRoot, Objects.requireNonNull(listener, "listener"), healthTimeout);
    }

    public ScenarioRunner healthTimeout(Duration timeout) {
        return new ScenarioRunner(reportRoot, progress, Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * Deploys the scenario's topology on {@code backend}, runs it and tears the deployment down. A fault that
     * cannot hit the topology, or needs an action the backend lacks, is refused before anything is deployed.
     */
    public RunResult run(Scenario scenario, Backend backend) {
        if (!scenario.deployments().isEmpty() && !backend.deploys()) {
            throw new ScenarioException("deployments: backend '" + backend.name() + "' cannot run deployments yet");
        }
        for (FaultStep step : scenario.faults()) {
            backend.check(scenario.topology(), step.fault());
        }
        try (Deployment d = backend.deploy(scenario.topology())) {
            return run(scenario, d);
        }
    }

    /**
     * Runs on a deployment that is already up (its topology wins over the scenario's); leaves it running. Every
     * random choice of the run's faults draws from the scenario's seed.
     */
    public RunResult run(Scenario scenario, Deployment deployment) {
        for (FaultStep step : scenario.faults()) {
            deployment.faults().check(step.fault());
        }
        Map<String, Object> prewarm = prewarm(scenario, deployment);
        Path dir = reportRoot.resolve(scenario.name()).resolve(LocalDateTime.now().format(STAMP));
        try (HistoryRecorder recorder = HistoryRecorder.streamingTo(dir.resolve("history.jsonl"), System::nanoTime)) {
            Run run = new Run(scenario, deployment, dir, recorder);
            run.figures.put("prewarm", prewarm);
            return run.execute();
        }
    }

    /**
     * Warms every instance's code paths and pools before the history starts (see {@link Workload#prewarm}); a
     * stack that cannot be warmed is measured anyway, and the figures say how far the warm-up got.
     */
    private Map<String, Object> prewarm(Scenario scenario, Deployment deployment) {
        Map<String, Object> out = new LinkedHashMap<>();
        int instances = deployment.topology().fleet() == null ? 1 : deployment.topology().fleet().count();
        progress.onProgress(new Progress("prewarm", Duration.ZERO, 0, 0, 0, 0, 0));
        try {
            var r = Workload.prewarm(scenario.workload(), URI.create(deployment.endpoints().loadBalancer()),
                    instances, Duration.ofSeconds(20));
            out.put("requests", r.requests());
            out.put("ms", r.took().toMillis());
            out.put("complete", r.complete());
            out.put("instancesAnswering", r.instancesAnswering().entrySet().stream().collect(
                    LinkedHashMap::new, (m, e) -> m.put(e.getKey().wire(), e.getValue()), Map::putAll));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.put("interrupted", true);
        }
        return out;
    }

    /** One execution; holds the moving parts so the final phase can always reach them. */
    private final class Run {
        private final Scenario scenario;
        private final Deployment deployment;
        private final Path dir;
        private final HistoryRecorder recorder;
        private final long started = System.nanoTime();
        private final Map<String, Object> figures = new LinkedHashMap<>();
        private volatile String phase = "start";
        private long phaseStarted = System.nanoTime();
        /** Milliseconds spent in each phase so far, in order: where a slow run's time went. */
        private final Map<String, Double> phaseMs = new LinkedHashMap<>();
        private volatile Workload workload;
        private volatile HarnessMonitor monitor;
        /** Why the stack was not healthy after the heal (null: it was), and when that was checked. */
        private String unhealthy;
        private long healFrom;
        private long healTo;
        /** Set when the run was cut short; its final phase then only heals (no health wait, no final reads). */
        private volatile Interruption interruption;
        private long lastOk;
        private long lastTick = System.nanoTime();
        /** The wall clock (epoch nanoseconds) at history time 0: spans and flow records are mapped with it. */
        private final long historyZeroEpochNanos;
        /** The thread that runs the schedule: a deployment's stop reason interrupts it. */
        private volatile Thread runner;

        Run(Scenario scenario, Deployment deployment, Path dir, HistoryRecorder recorder) {
            java.time.Instant now = java.time.Instant.now();
            this.historyZeroEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano() - recorder.elapsedNanos();
            this.scenario = scenario;
            this.deployment = deployment;
            this.dir = dir;
            this.recorder = recorder;
        }

        RunResult execute() {
            runner = Thread.currentThread();
            deployment.faults().seed(scenario.seed());
            FaultBridge bridge = FaultBridge.of(deployment.faults());
            bridge.recordTo(recorder);
            dev.firedrill.harness.scenario.internal.FleetBridge fleetBridge = deployment.fleet()
                    .map(dev.firedrill.harness.scenario.internal.FleetBridge::of).orElse(null);
            if (fleetBridge != null) {
                fleetBridge.recordTo(recorder);
            }
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "firedrill-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::tick, 500, 500, TimeUnit.MILLISECONDS);
            String error = null;
            Sampler sampler = null;
            FinalState fin = null;
            try {
                monitor = HarnessMonitor.start(recorder);
                sampler = Sampler.start(deployment, recorder, scenario.sampleInterval());
                // load steps count from the end of the warm-up, like fault times; the workload starts before it
                Duration untilRun = Duration.ofNanos(Math.max(0, started + scenario.warmup().toNanos()
                        - System.nanoTime()));
                workload = Workload.start(scenario.workload(), URI.create(deployment.endpoints().loadBalancer()),
                        recorder, scenario.seed(), untilRun);
                enter("warmup");
                Waits.until(started + scenario.warmup().toNanos());
                enter("run");
                runSchedule(System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted during " + phase;
                interrupted();
            } catch (RuntimeException e) {
                error = phase + " failed: " + e;
            } finally {
                awaitDeployments();
                fin = finalPhase(sampler);
                bridge.recordTo(null);
                if (fleetBridge != null) {
                    fleetBridge.recordTo(null);
                }
                ticker.shutdownNow();
            }
            boolean wasInterrupted = Thread.interrupted(); // the report is written through interruptible channels
            RunResult r = conclude(fin, error);
            enter("done");
            restoreInterrupt(wasInterrupted);
            return r;
        }

        /** How long the workload goes on after the last deployment ended, before the final phase. */
        private static final Duration AFTER_DEPLOYMENT = Duration.ofSeconds(3);

        /** The scenario's deployments, started at their times on their own threads. */
        private final List<java.util.concurrent.Future<dev.firedrill.harness.fleet.DeployResult>> deploys =
                new ArrayList<>();
        private ScheduledExecutorService deployer;

        private void startDeployments(long t0) {
            if (scenario.deployments().isEmpty()) {
                return;
            }
            var fleet = deployment.fleet().orElseThrow(() -> new ScenarioException("backend '" + deployment.backend()
                    + "' cannot deploy: it runs no fleet behind a load balancer"));
            deployer = Executors.newScheduledThreadPool(scenario.deployments().size() + 1, r -> {
                Thread t = new Thread(r, "firedrill-deploy");
                t.setDaemon(true);
                return t;
            });
            for (DeployStep d : scenario.deployments()) {
                long delay = Math.max(0, t0 + d.at().toNanos() - System.nanoTime());
                deploys.add(deployer.schedule(() -> fleet.deploy(d.spec()), delay, TimeUnit.NANOSECONDS));
            }
        }

        /** Waits for every started deployment to end (bounded), and puts their outcomes in the figures. */
        private void awaitDeployments() {
            if (deployer == null) {
                return;
            }
            if (deploys.isEmpty()) {
                deployer.shutdownNow();
                return;
            }
            if (interruption != null) {
                deployer.shutdownNow(); // stopping: a deployment in progress is abandoned where it is
            }
            enter("deploy");
            List<String> outcomes = new ArrayList<>();
            for (var f : deploys) {
                try {
                    var r = f.get(5, TimeUnit.MINUTES);
                    outcomes.add(r.spec().describe() + ": " + (r.released() ? "released" : "rolled back: "
                            + r.reason()) + " in " + r.took().toMillis() + " ms");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    outcomes.add("interrupted");
                    break;
                } catch (java.util.concurrent.ExecutionException e) {
                    outcomes.add("failed: " + e.getCause().getMessage());
                } catch (java.util.concurrent.TimeoutException e) {
                    outcomes.add("still running after 5 min");
                }
            }
            deployer.shutdownNow();
            figures.put("deployments", outcomes);
            // what comes after a deployment is measured too (sessions made before it, the new release serving)
            if (interruption == null) {
                try {
                    Thread.sleep(AFTER_DEPLOYMENT.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** The workload's rate as samples: at the start of the run and at each load step (the scale-out SLO's clock). */
        private void recordRates(long t0) {
            recorder.record(dev.firedrill.harness.history.Event.sample("workload_rate", "workload",
                    scenario.workload().opsPerSecond()));
            if (scenario.workload().steps().isEmpty()) {
                return;
            }
            if (deployer == null) {
                deployer = Executors.newScheduledThreadPool(1, r -> {
                    Thread t = new Thread(r, "firedrill-deploy");
                    t.setDaemon(true);
                    return t;
                });
            }
            for (var step : scenario.workload().steps()) {
                long delay = Math.max(0, t0 + step.at().toNanos() - System.nanoTime());
                deployer.schedule(() -> {
                    try {
                        recorder.record(dev.firedrill.harness.history.Event.sample("workload_rate", "workload",
                                step.opsPerSecond()));
                    } catch (IllegalStateException closed) {
                        // the run ended first
                    }
                }, delay, TimeUnit.NANOSECONDS);
            }
        }

        private void runSchedule(long t0) throws InterruptedException {
            startDeployments(t0);
            recordRates(t0);
            List<FaultSchedule.Action> timeline = FaultSchedule.timeline(scenario.faults());
            Map<Integer, ActiveFault> active = new HashMap<>();
            for (FaultSchedule.Action a : timeline) {
                Waits.until(t0 + a.at().toNanos());
                if (a.inject()) {
                    FaultStep step = scenario.faults().get(a.step());
                    Duration lasting = step.duration() != null ? step.duration() : scenario.duration().minus(step.at());
                    active.put(a.step(), deployment.faults().inject(step.fault(), lasting));
                } else {
                    ActiveFault f = active.get(a.step());
                    if (f != null) {
                        f.heal();
                    }
                }
            }
            Waits.until(t0 + scenario.duration().toNanos());
        }

        /** @param unreadable why the final state of the items is unknown, or null */
        private record FinalState(Map<String, FinalValue> items, Map<String, JobOutcome> jobs, String problem,
                                  String unreadable) {
        }

        /** Heals everything and reads the final state; never throws. */
        private FinalState finalPhase(Sampler sampler) {
            enter("heal");
            List<String> problems = new ArrayList<>();
            boolean interrupted = Thread.interrupted();
            if (interrupted) {
                interrupted();
            }
            try {
                deployment.faults().healAll();
                if (interruption == null) { // stopping: nothing waits for health or reads the final state
                    healFrom = recorder.elapsedNanos();
                    HealthReport h = deployment.faults().verifyHealthy(healthTimeout);
                    healTo = recorder.elapsedNanos();
                    figures.put("healthyAfterHeal", h.healthy());
                    if (!h.healthy()) {
                        // judged in conclude(): on a contended machine the scaled health checks may be what failed
                        unhealthy = "not healthy " + healthTimeout.toSeconds() + " s after heal: " + h.problems();
                    }
                }
            } catch (RuntimeException e) {
                problems.add("heal failed: " + e);
            }
            Workload w = workload;
            if (w != null) {
                w.stop();
                WorkloadStats s = w.stats();
                figures.put("operations", s.invoked());
                figures.put("processes", s.processes());
                figures.put("maxScheduleLagMs", s.maxScheduleLagNanos() / 1e6);
            }
            if (sampler != null) {
                sampler.close();
            }
            HarnessMonitor m = monitor;
            if (m != null) {
                m.close();
                Histogram p = m.pauses();
                figures.put("harnessPauseP99Ms", Math.round(p.getValueAtPercentile(99) / 1e4) / 100.0);
                figures.put("harnessPauseMaxMs", Math.round(p.getMaxValue() / 1e4) / 100.0);
            }
            if (w == null || interruption != null) {
                restoreInterrupt(interrupted);
                return new FinalState(null, null, String.join("; ", problems), null);
            }
            enter("final-reads");
            boolean caughtUp = deployment.awaitReplicasCaughtUp(Duration.ofSeconds(30));
            figures.put("replicasCaughtUp", caughtUp);
            FinalReads reads = new FinalReads(deployment.endpoints().loadBalancer());
            Map<String, FinalValue> items = null;
            Map<String, JobOutcome> jobs = null;
            String unreadable = null;
            try {
                List<String> keys = w.itemKeys();
                FinalReads.Items got = reads.items(keys, Duration.ofSeconds(20));
                figures.put("finalKeys", keys.size());
                if (!got.unreadable().isEmpty()) {
                    unreadable = got.unreadable().size() + " of " + keys.size() + " key(s) could not be read after "
                            + "heal with GET /items/{id}?consistent=true, e.g. " + got.unreadable().subList(0,
                            Math.min(5, got.unreadable().size())) + ": the final state is unknown, so lost writes "
                            + "cannot be counted";
                    problems.add(unreadable);
                } else if (got.values().isEmpty() && w.acknowledgedWrites() > 0) {
                    // every key 404: the app does not serve the final state, which is not the same as losing it
                    unreadable = "every one of the " + keys.size() + " written key(s) answered 404 on GET "
                            + "/items/{id}?consistent=true after heal although " + w.acknowledgedWrites()
                            + " write(s) were acknowledged: the app must serve each item from the writer there "
                            + "(read-your-writes; see the README's HTTP API) for lost writes to be counted";
                } else {
                    items = got.values();
                }
                List<String> ids = w.jobIds();
                figures.put("jobs", ids.size());
                // a redelivered job runs again only after the visibility timeout (whole seconds in SQS) and its
                // second run commits a job's work later: wait that long, plus a second, for the counts to settle
                Duration settle = deployment.queueRedelivery().plusSeconds(1).plus(scenario.workload().jobWork());
                // the app's doneAt is this machine's wall clock: map it onto the history's clock
                long histNow = recorder.elapsedNanos();
                long wallNow = System.currentTimeMillis();
                jobs = ids.isEmpty() ? Map.of() : reads.jobs(ids, scenario.jobBound().plus(settle), settle,
                        at -> Math.max(0, histNow - (wallNow - at.toEpochMilli()) * 1_000_000L));
            } catch (InterruptedException e) {
                interrupted = true;
                interrupted();
                problems.add("interrupted during final reads");
            } catch (RuntimeException e) {
                problems.add("final reads failed: " + e);
            }
            restoreInterrupt(interrupted);
            return new FinalState(items, jobs, String.join("; ", problems), unreadable);
        }

        /** A deployment's stop reason ends the warm-up or run phase as an interruption with that cause. */
        private void stopIfAsked() {
            String p = phase;
            if (interruption != null || !("warmup".equals(p) || "run".equals(p))) {
                return;
            }
            String why;
            try {
                why = deployment.stopReason();
            } catch (RuntimeException e) {
                return;
            }
            Thread t = runner;
            if (why != null && t != null) {
                interruption = new Interruption(p, Duration.ofNanos(System.nanoTime() - started), why);
                t.interrupt();
            }
        }

        private void interrupted() {
            if (interruption == null) {
                interruption = new Interruption(phase, Duration.ofNanos(System.nanoTime() - started));
            }
        }

        private void restoreInterrupt(boolean interrupted) {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private RunResult conclude(FinalState fin, String runError) {
            enter("check");
            History history = recorder.history();
            recorder.flush();
            CheckInput input = CheckInput.of(history).withFinalState(fin.items()).withJobs(fin.jobs(),
                    scenario.jobBound());
            List<CheckResult> checks = Checker.runAll(StandardCheckers.all(), input);
            if (fin.unreadable() != null) {
                checks = checks.stream().map(c -> c.name().equals("lost-writes") && c.verdict() == Verdict.UNKNOWN
                        ? CheckResult.unknown(c.name(), fin.unreadable()) : c).toList();
            }
            double timeScale = deployment.topology().timeScale();
            Stalls stalls = Stalls.of(history);
            SloInput sloInput = new SloInput(history, checks, timeScale, stalls);
            List<SloVerdict> slos = scenario.slos().stream().map(s -> s.evaluate(sloInput)).toList();
            String broken = BeforeFaults.problem(history);
            if (broken != null) {
                figures.put("failingBeforeFaults", broken);
                slos = slos.stream().map(v -> v.failed() ? new SloVerdict(v.name(), v.expected(), v.measured(),
                        false, "not the fault's doing: " + broken + " — " + v.message()) : v).toList();
            }
            figures.put("stalls", stalls.all().size());
            figures.put("stalledMs", Math.round(stalls.coveredNanos(0, history.endNanos()) / 1e6));
            String error = join(runError, fin.problem());
            if (unhealthy != null) {
                long stalled = stalls.coveredNanos(healFrom, healTo);
                if (stalled * 2 >= healTo - healFrom) {
                    // the ALB's scaled health-check timeout (AWS 5 s × timeScale) is what a starved machine misses
                    slos = new ArrayList<>(slos);
                    slos.add(SloVerdict.inconclusive("healthy after heal", "every target healthy within "
                            + healthTimeout.toSeconds() + " s of the heal", "not healthy", unhealthy + "; for "
                            + Math.round(stalled / 1e6) + " ms of the " + Math.round((healTo - healFrom) / 1e6)
                            + " ms waited the harness could not keep time: " + Stalls.describe(
                            stalls.overlapping(healFrom, healTo))));
                } else {
                    error = join(error, unhealthy);
                }
            }
            Verdict verdict = CheckResult.worst(checks);
            if (slos.stream().anyMatch(SloVerdict::failed)) {
                verdict = Verdict.INVALID;
            } else if (slos.stream().anyMatch(SloVerdict::isInconclusive)) {
                verdict = verdict.and(Verdict.UNKNOWN);
            }
            Interruption cut = interruption;
            if (cut != null) { // judge nothing the run did not finish
                checks = cut.partial(checks);
                slos = scenario.slos().stream().map(x -> cut.notJudged(x.name(), x.expected())).toList();
                verdict = Verdict.UNKNOWN;
            }
            figures.put("durationMs", history.endNanos() / 1e6);
            enter("report");
            ReportWriter.write(dir, new RunReport(scenario.name(), summary(error), scenario.seed(), timeScale,
                    history, checks, slos, Map.of(), cut, evidence()));
            return new RunResult(scenario.name(), scenario.seed(), timeScale, dir, history, checks, slos, verdict,
                    figures, error, cut);
        }

        /** The topology, and the spans and flow records of the run's window; never throws. */
        private dev.firedrill.harness.report.Evidence evidence() {
            try {
                var t = deployment.telemetry();
                return new dev.firedrill.harness.report.Evidence(deployment.topology(), historyZeroEpochNanos,
                        t.spans(historyZeroEpochNanos), t.flows(historyZeroEpochNanos));
            } catch (RuntimeException e) {
                return new dev.firedrill.harness.report.Evidence(deployment.topology(), historyZeroEpochNanos,
                        List.of(), List.of());
            }
        }

        private Map<String, Object> summary(String error) {
            Map<String, Object> t = new LinkedHashMap<>();
            var top = deployment.topology();
            t.put("backend", deployment.backend());
            t.put("instances", top.fleet() == null ? 0 : top.fleet().count());
            t.put("replicas", top.database() == null ? 0 : top.database().replicas());
            t.put("workload", String.format(Locale.ROOT, "open model at %.0f ops/s over %d clients, mix %s; latency "
                    + "measured from each operation's intended start (no coordinated omission); max schedule lag "
                    + "%.2f ms", scenario.workload().opsPerSecond(), scenario.workload().clients(),
                    scenario.workload().mix(), ((Number) figures.getOrDefault("maxScheduleLagMs", 0.0)).doubleValue()));
            t.put("warmupMs", scenario.warmup().toMillis());
            t.put("runMs", scenario.duration().toMillis());
            t.put("figures", new LinkedHashMap<>(figures));
            if (error != null) {
                t.put("error", error);
            }
            return t;
        }

        private static String join(String a, String b) {
            boolean ea = a == null || a.isBlank();
            boolean eb = b == null || b.isBlank();
            return ea && eb ? null : ea ? b : eb ? a : a + "; " + b;
        }

        private void enter(String p) {
            long now = System.nanoTime();
            synchronized (phaseMs) {
                phaseMs.merge(phase, Math.round((now - phaseStarted) / 1e5) / 10.0, Double::sum);
                phaseStarted = now;
                figures.put("phaseMs", new LinkedHashMap<>(phaseMs));
            }
            phase = p;
            tick();
        }

        private synchronized void tick() {
            stopIfAsked();
            try {
                Workload w = workload;
                WorkloadStats s = w == null ? new WorkloadStats(0, 0, 0, 0, 0, 0, 0) : w.stats();
                long now = System.nanoTime();
                double rate = (s.ok() + s.failed() + s.indeterminate() - lastOk) / Math.max(1e-9, (now - lastTick) / 1e9);
                lastOk = s.ok() + s.failed() + s.indeterminate();
                lastTick = now;
                progress.onProgress(new Progress(phase, Duration.ofNanos(now - started), rate, s.ok(), s.failed(),
                        s.indeterminate(), deployment.faults().active().size()));
            } catch (RuntimeException e) {
                // a progress listener must never break the run
            }
        }
    }
}
