package dev.firedrill.harness.fleet.internal;

import dev.firedrill.harness.fleet.DeployException;
import dev.firedrill.harness.fleet.DeployResult;
import dev.firedrill.harness.fleet.DeploySpec;
import dev.firedrill.harness.fleet.DeployStrategy;
import dev.firedrill.harness.fleet.FleetEvent;
import dev.firedrill.harness.fleet.FleetInstance;
import dev.firedrill.harness.lb.AlbSimulator;
import dev.firedrill.harness.lb.TargetState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one deployment on the calling thread. Rolling replaces batches in place (drain, terminate, launch, wait
 * healthy); blue/green and canary build a second target group at full capacity and move the listener's weights.
 * Throughout, the new release is watched ({@link ReleaseMonitor}) and rolled back when it fails: an instance not
 * healthy within the health timeout, or the error-rate / latency thresholds crossed.
 */
public final class Deployer {
    private final FleetState s;
    private final DeploySpec spec;
    private final String from;
    private final ReleaseMonitor monitor;
    private final long t0 = System.nanoTime();

    public Deployer(FleetState s, DeploySpec spec) {
        this.s = s;
        this.spec = spec;
        this.from = s.release();
        this.monitor = new ReleaseMonitor(s, spec);
    }

    /** A reason to roll back. */
    private static final class Bad extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Bad(String reason) {
            super(reason, null, false, false);
        }
    }

    public DeployResult run() {
        if (!s.beginDeploy()) {
            throw new DeployException("a deployment is already running; wait for it to end");
        }
        try {
            s.emit(FleetEvent.Action.DEPLOY_START, null, null, spec.release(), spec.describe() + ", from " + from
                    + ", " + s.live().size() + " instances");
            String reason = "";
            DeployResult.Outcome outcome = DeployResult.Outcome.RELEASED;
            try {
                if (spec.strategy() == DeployStrategy.ROLLING) {
                    rolling(spec.release(), from, true);
                } else {
                    blueGreen();
                }
                s.release(spec.release());
            } catch (Bad b) {
                reason = b.getMessage();
                outcome = DeployResult.Outcome.ROLLED_BACK;
                s.emit(FleetEvent.Action.ROLLBACK, null, null, spec.release(), reason + "; back to " + from);
                rollBack();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            s.emit(FleetEvent.Action.DEPLOY_END, null, null, spec.release(), (outcome == DeployResult.Outcome.RELEASED
                    ? "released " + spec.release() : "rolled back to " + from + ": " + reason) + " after "
                    + FleetState.ms(took.toNanos()));
            return new DeployResult(spec, outcome, reason, took);
        } finally {
            s.endDeploy();
        }
    }

    /** Replaces every instance not on {@code to} by one on {@code to}, batch by batch. */
    private void rolling(String to, String fromRelease, boolean watch) {
        List<FleetInstance> old = s.live().stream().filter(i -> !i.release().equals(to)).toList();
        int capacity = Math.max(s.desired(), s.live().size());
        int batch = spec.batchFor(capacity);
        int batches = (old.size() + batch - 1) / batch;
        for (int b = 0; b < batches; b++) {
            List<FleetInstance> chunk = old.subList(b * batch, Math.min(old.size(), (b + 1) * batch));
            s.emit(FleetEvent.Action.DEPLOY_STEP, null, null, to, "batch " + (b + 1) + " of " + batches + ": "
                    + chunk.stream().map(FleetInstance::id).toList() + " " + fromRelease + " → " + to);
            for (FleetInstance i : chunk) {
                s.terminate(i, "replaced by " + to);
            }
            waitWatching(chunk.stream().map(FleetInstance::id).toList(), watch);
            List<FleetInstance> fresh = new ArrayList<>();
            for (FleetInstance i : chunk) {
                FleetInstance n = s.control().launch(to, i.subnet(), s.liveGroup());
                s.emit(FleetEvent.Action.LAUNCH, n, "rolling " + to + " replacing " + i.id());
                fresh.add(n);
            }
            awaitHealthy(fresh, watch);
        }
    }

    private void blueGreen() {
        String blue = s.liveGroup();
        String green = AlbSimulator.DEFAULT_TARGET_GROUP.equals(blue) || "blue".equals(blue) ? "green" : "blue";
        int n = Math.max(1, s.desired());
        s.emit(FleetEvent.Action.DEPLOY_STEP, null, null, spec.release(), "launching " + n + " instances of "
                + spec.release() + " in target group " + green);
        greenGroup = green;
        // one instance starting at a time: each start takes a core of the machine the rehearsal runs on, where AWS
        // would start them side by side on their own hosts (the group is complete before the switch either way)
        for (int k = 0; k < n; k++) {
            FleetInstance i = s.launch(spec.release(), green, "blue/green " + green + " " + (k + 1) + " of " + n);
            awaitHealthy(List.of(i), false);
        }
        if (spec.strategy() == DeployStrategy.CANARY) {
            weights(Map.of(blue, 100 - spec.canaryPercent(), green, spec.canaryPercent()), "canary: "
                    + spec.canaryPercent() + " % of requests to " + green + " for the bake time");
            bake();
        }
        int steps = spec.shiftSteps();
        int from = spec.strategy() == DeployStrategy.CANARY ? spec.canaryPercent() : 0;
        for (int k = 1; k < steps; k++) {
            int g = from + (100 - from) * k / steps;
            switched = true;
            weights(Map.of(blue, 100 - g, green, g), "shift " + k + " of " + steps + ": " + g + " % to " + green);
            hold(s.scaled(spec.shiftInterval()).toNanos());
        }
        weights(Map.of(green, 100), "listener switched to " + green);
        switched = true;
        bake();
        List<FleetInstance> oldGroup = s.live().stream().filter(i -> i.targetGroup().equals(blue)).toList();
        s.liveGroup(green);
        s.emit(FleetEvent.Action.DEPLOY_STEP, null, null, spec.release(), "bake passed; retiring " + blue);
        for (FleetInstance i : oldGroup) {
            s.terminate(i, "blue/green: old group retired");
        }
        s.awaitGone(oldGroup.stream().map(FleetInstance::id).toList(), s.control().deregistrationDelay()
                .plusSeconds(30));
    }

    private String greenGroup;
    private boolean switched;
    private boolean rollingBack;

    private void weights(Map<String, Integer> w, String why) {
        s.control().forward(w);
        s.emit(FleetEvent.Action.DEPLOY_STEP, null, null, spec.release(), why + " " + w);
    }

    private void bake() {
        hold(s.scaled(spec.bakeTime()).toNanos());
    }

    /** Waits {@code nanos}, judging the release meanwhile. */
    private void hold(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            judge();
            FleetState.sleep(20);
        }
        judge();
    }

    private void judge() {
        if (!spec.rollback()) {
            return;
        }
        Optional<String> bad = monitor.verdict();
        if (bad.isPresent()) {
            throw new Bad(bad.get());
        }
    }

    /** Waits until {@code ids} are gone, judging the release meanwhile. */
    private void waitWatching(List<String> ids, boolean watch) {
        long deadline = System.nanoTime() + s.control().deregistrationDelay().plusSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (watch) {
                judge();
            }
            if (s.awaitGone(ids, Duration.ZERO)) {
                return;
            }
            FleetState.sleep(20);
        }
    }

    /** Waits until every one of {@code fresh} is healthy; a bad release or the health timeout rolls back. */
    private void awaitHealthy(List<FleetInstance> fresh, boolean watchAlso) {
        long limit = s.scaled(spec.healthTimeout()).toNanos();
        while (true) {
            s.announceHealthy();
            if (watchAlso) {
                judge();
            }
            List<FleetInstance> waiting = fresh.stream()
                    .filter(i -> s.control().targetState(i.id()) != TargetState.HEALTHY).toList();
            if (waiting.isEmpty()) {
                return;
            }
            for (FleetInstance i : waiting) {
                long age = System.nanoTime() - i.launchedNanos();
                if (rollingBack && (age > limit || !s.control().isRunning(i.id()))) {
                    // a rollback does not roll back: what is not healthy in time is left to the group's own checks
                    s.emit(FleetEvent.Action.DEPLOY_STEP, i, "rollback: not healthy within the health timeout; "
                            + "left to the Auto Scaling group");
                    return;
                }
                if (age > limit && spec.rollback()) {
                    throw new Bad(i.id() + " (" + i.release() + ") was not healthy within the health timeout "
                            + FleetState.ms(limit) + " (" + spec.healthTimeout().toSeconds()
                            + " s AWS-equivalent): its target is " + s.control().targetState(i.id()));
                }
                if (!s.control().isRunning(i.id()) && spec.rollback()) {
                    throw new Bad(i.id() + " (" + i.release() + ") exited during its start");
                }
            }
            FleetState.sleep(20);
        }
    }

    /** Back to {@code from}: the old group keeps serving (blue/green) or the new instances are replaced (rolling). */
    private void rollBack() {
        rollingBack = true;
        if (spec.strategy() == DeployStrategy.ROLLING) {
            rolling(from, spec.release(), false);
            return;
        }
        String blue = s.liveGroup();
        if (switched || spec.strategy() == DeployStrategy.CANARY) {
            weights(Map.of(blue, 100), "listener switched back to " + blue);
        }
        List<FleetInstance> green = s.live().stream().filter(i -> i.targetGroup().equals(greenGroup)).toList();
        for (FleetInstance i : green) {
            s.terminate(i, "rollback: " + spec.release() + " retired");
        }
        s.awaitGone(green.stream().map(FleetInstance::id).toList(), s.control().deregistrationDelay()
                .plusSeconds(30));
    }
}
