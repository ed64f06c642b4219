package dev.firedrill.harness.fleet.internal;

import dev.firedrill.harness.fleet.FleetEvent;
import dev.firedrill.harness.fleet.FleetInstance;
import dev.firedrill.harness.lb.TargetState;
import dev.firedrill.harness.topology.AutoScaling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Auto Scaling group's loop: health checks, capacity, scaling policy. It ticks every 10 s AWS time (scaled;
 * 50 ms..1 s), and while a deployment runs it only announces healthy instances (a deployment suspends the group's
 * replacing and scaling, as CodeDeploy suspends those processes during its deployments).
 *
 * <p>Health (EC2 Auto Scaling user guide, "Health checks for instances"): an instance that is gone is unhealthy at
 * once; with the ELB type, one whose target the load balancer marks unhealthy is too, once the grace period after its
 * launch has passed. An unhealthy instance is terminated (its target drains for the deregistration delay) and the
 * group launches a replacement at once, in the AZ with the fewest instances.
 */
public final class AutoScaler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AutoScaler.class);
    private static final Duration AWS_TICK = Duration.ofSeconds(10);
    private final FleetState s;
    private final AutoScaling asg;
    private final ScalingPolicy policy;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "firedrill-asg");
        t.setDaemon(true);
        return t;
    });

    private AutoScaler(FleetState s, AutoScaling asg) {
        this.s = s;
        this.asg = asg;
        this.policy = asg.targetTracking() == null ? null : new ScalingPolicy(s, asg);
    }

    public static AutoScaler start(FleetState s, AutoScaling asg) {
        AutoScaler a = new AutoScaler(s, asg);
        long tick = Math.max(50, Math.min(1000, s.scaled(AWS_TICK).toMillis()));
        a.loop.scheduleWithFixedDelay(a::tickSafely, tick, tick, TimeUnit.MILLISECONDS);
        if (a.policy != null) {
            long period = Math.max(20, a.policy.periodMillis());
            a.loop.scheduleAtFixedRate(a::sampleSafely, period, period, TimeUnit.MILLISECONDS);
        }
        return a;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            if (!s.closed()) {
                LOG.warn("auto scaling tick failed: {}", e.toString());
            }
        }
    }

    private void sampleSafely() {
        try {
            if (!s.deploying()) {
                policy.sample();
            }
        } catch (RuntimeException e) {
            if (!s.closed()) {
                LOG.warn("scaling policy failed: {}", e.toString());
            }
        }
    }

    /** One round: announce, judge health, fix the capacity. */
    void tick() {
        if (s.closed()) {
            return;
        }
        s.announceHealthy();
        if (s.deploying()) {
            return;
        }
        long now = System.nanoTime();
        long grace = s.scaled(asg.healthCheckGracePeriod()).toNanos();
        for (FleetInstance i : s.live()) {
            if (!s.control().isRunning(i.id())) {
                s.emit(FleetEvent.Action.UNHEALTHY, i, "EC2 health check: the instance is not running");
                s.terminate(i, "unhealthy (EC2)");
            } else if (asg.healthCheckType() == AutoScaling.HealthCheckType.ELB
                    && s.control().targetState(i.id()) == TargetState.UNHEALTHY) {
                if (now - i.launchedNanos() >= grace) {
                    s.emit(FleetEvent.Action.UNHEALTHY, i, "ELB health check: the load balancer marks its target "
                            + "unhealthy");
                    s.terminate(i, "unhealthy (ELB)");
                }
            }
        }
        fixCapacity();
    }

    private void fixCapacity() {
        List<FleetInstance> live = s.live();
        int desired = s.desired();
        if (live.size() < desired && !starting(live)) {
            s.launch(s.release(), s.liveGroup(), "capacity " + live.size() + " below desired " + desired);
        }
        if (live.size() > desired) {
            for (FleetInstance i : toTerminate(live, live.size() - desired)) {
                s.terminate(i, "capacity " + live.size() + " above desired " + desired);
            }
        }
    }

    /**
     * True while an instance launched less than the grace period ago (at least 30 s) has not turned healthy yet. The
     * group then launches no other: on the machine a rehearsal runs on, each start takes a core, and starting several
     * at once starves the instances that serve (AWS starts them side by side on their own hosts).
     */
    private boolean starting(List<FleetInstance> live) {
        long now = System.nanoTime();
        long window = Math.max(30_000_000_000L, s.scaled(asg.healthCheckGracePeriod()).toNanos());
        return live.stream().anyMatch(i -> now - i.launchedNanos() < window
                && s.control().targetState(i.id()) != TargetState.HEALTHY);
    }

    /**
     * The default termination policy: from the AZ with the most instances, the instance of the oldest release
     * (the one that is not the group's current), then the oldest launched.
     */
    private List<FleetInstance> toTerminate(List<FleetInstance> live, int n) {
        List<FleetInstance> left = new ArrayList<>(live);
        List<FleetInstance> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Map<String, Integer> byAz = new LinkedHashMap<>();
            left.forEach(i -> byAz.merge(i.az(), 1, Integer::sum));
            String az = byAz.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            FleetInstance pick = left.stream().filter(i -> i.az().equals(az))
                    .min(Comparator.comparing((FleetInstance i) -> i.release().equals(s.release()))
                            .thenComparingLong(FleetInstance::launchedNanos)).orElseThrow();
            left.remove(pick);
            out.add(pick);
        }
        return out;
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
