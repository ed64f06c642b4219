package dev.firedrill.harness.fleet.internal;

import dev.firedrill.harness.fleet.FleetEvent;
import dev.firedrill.harness.fleet.FleetInstance;
import dev.firedrill.harness.lb.TargetState;
import dev.firedrill.harness.lb.TargetStats;
import dev.firedrill.harness.topology.AutoScaling;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Target tracking, as EC2 Auto Scaling runs it: one data point per minute (AWS time, scaled); scale out when the last
 * 3 are above the target, scale in when the last 15 are below 90 % of it (AWS's alarms for a target-tracking policy),
 * to {@code ceil(capacity × metric / target)} within min..max. Instances still warming up are left out of the metric
 * and counted as capacity; no scale-in while any warms up or within the cooldown after the last scale-in.
 *
 * <p>{@code requestCountPerTarget} is requests per healthy, warmed-up target per minute at the rate the workload
 * really sends (the load is not time-scaled, only AWS's timers are); {@code cpu} is the average CPU of those
 * instances as a percentage of one core.
 */
final class ScalingPolicy {
    private static final Duration AWS_PERIOD = Duration.ofMinutes(1);
    private static final int OUT_POINTS = 3;
    private static final int IN_POINTS = 15;
    private final FleetState s;
    private final AutoScaling asg;
    private final AutoScaling.TargetTracking tt;
    private final Deque<Double> points = new ArrayDeque<>();
    private final Map<String, Long> lastRequests = new HashMap<>();
    private final Map<String, Long> lastCpu = new HashMap<>();
    private long lastSampleNanos = System.nanoTime();
    /** Instances launched before the policy existed (the group's first ones) are not warming up. */
    private final long createdNanos = System.nanoTime();
    private long lastScaleInNanos = Long.MIN_VALUE / 2;

    ScalingPolicy(FleetState s, AutoScaling asg) {
        this.s = s;
        this.asg = asg;
        this.tt = asg.targetTracking();
    }

    long periodMillis() {
        return s.scaled(AWS_PERIOD).toMillis();
    }

    /** Takes one data point and acts on the alarms. */
    synchronized void sample() {
        long now = System.nanoTime();
        double seconds = (now - lastSampleNanos) / 1e9;
        lastSampleNanos = now;
        long warm = s.scaled(tt.instanceWarmup()).toNanos();
        Map<String, TargetStats> stats = s.control().targetStats();
        double sum = 0;
        int counted = 0;
        int warming = 0;
        List<FleetInstance> live = s.live();
        for (FleetInstance i : live) {
            long requests = stats.containsKey(i.id()) ? stats.get(i.id()).requests() : 0;
            Long before = lastRequests.put(i.id(), requests);
            Duration cpu = s.control().cpuTime(i.id());
            Long cpuBefore = cpu == null ? null : lastCpu.put(i.id(), cpu.toNanos());
            if (i.launchedNanos() > createdNanos && now - i.launchedNanos() < warm) {
                warming++;
                continue;
            }
            if (s.control().targetState(i.id()) != TargetState.HEALTHY || before == null) {
                continue;
            }
            if (tt.metric() == AutoScaling.Metric.REQUEST_COUNT_PER_TARGET) {
                sum += (requests - before) / seconds * 60;
            } else if (cpuBefore != null) {
                sum += (cpu.toNanos() - cpuBefore) / 1e9 / seconds * 100;
            }
            counted++;
        }
        if (counted == 0) {
            return;
        }
        double metric = sum / counted;
        points.addLast(metric);
        while (points.size() > IN_POINTS) {
            points.removeFirst();
        }
        int desired = s.desired();
        int proposed = (int) Math.ceil(counted * metric / tt.targetValue()) + warming;
        if (last(OUT_POINTS, true) && proposed > desired && desired < asg.max()) {
            int to = Math.min(asg.max(), proposed);
            s.desired(to);
            points.clear();
            s.emit(FleetEvent.Action.SCALE, null, null, s.release(), String.format(Locale.ROOT,
                    "scale out %d → %d: %s %.0f > target %.0f for %d data points", desired, to, name(), metric,
                    tt.targetValue(), OUT_POINTS));
        } else if (!tt.disableScaleIn() && warming == 0 && last(IN_POINTS, false) && proposed < desired
                && desired > asg.min() && now - lastScaleInNanos >= s.scaled(asg.defaultCooldown()).toNanos()) {
            int to = Math.max(asg.min(), Math.max(1, proposed));
            s.desired(to);
            lastScaleInNanos = now;
            points.clear();
            s.emit(FleetEvent.Action.SCALE, null, null, s.release(), String.format(Locale.ROOT,
                    "scale in %d → %d: %s %.0f < 90 %% of target %.0f for %d data points", desired, to, name(),
                    metric, tt.targetValue(), IN_POINTS));
        }
    }

    private String name() {
        return tt.metric() == AutoScaling.Metric.CPU ? "CPUUtilization" : "ALBRequestCountPerTarget";
    }

    private boolean last(int n, boolean above) {
        if (points.size() < n) {
            return false;
        }
        int k = 0;
        var it = points.descendingIterator();
        while (k < n && it.hasNext()) {
            double p = it.next();
            if (above ? p <= tt.targetValue() : p >= 0.9 * tt.targetValue()) {
                return false;
            }
            k++;
        }
        return true;
    }
}
