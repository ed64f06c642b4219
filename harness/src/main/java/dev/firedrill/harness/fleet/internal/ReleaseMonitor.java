package dev.firedrill.harness.fleet.internal;

import dev.firedrill.harness.fleet.DeploySpec;
import dev.firedrill.harness.fleet.FleetInstance;
import dev.firedrill.harness.lb.TargetStats;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Watches the new release's targets during a deployment: the share of their responses that are 5xx (the target's
 * own and the load balancer's 502/504 for them) and their p99 latency, counted from when each started serving.
 * Judges only once the release has served {@code minRequests}.
 */
final class ReleaseMonitor {
    private final FleetState s;
    private final DeploySpec spec;
    private final Map<String, TargetStats> baseline = new HashMap<>();

    ReleaseMonitor(FleetState s, DeploySpec spec) {
        this.s = s;
        this.spec = spec;
        baseline.putAll(s.control().targetStats());
    }

    /** Why the release is bad, or empty while it is fine (or has not served enough to judge). */
    Optional<String> verdict() {
        Map<String, TargetStats> now = s.control().targetStats();
        long requests = 0;
        long errors = 0;
        double worstP99 = 0;
        String worst = null;
        for (FleetInstance i : s.control().instances()) {
            if (!i.release().equals(spec.release()) || !now.containsKey(i.id())) {
                continue;
            }
            TargetStats d = baseline.containsKey(i.id()) ? now.get(i.id()).since(baseline.get(i.id())) : now.get(i.id());
            requests += d.requests();
            errors += d.responses5xx();
            if (d.requests() >= spec.minRequests()) {
                double p99 = d.quantileMillis(0.99);
                if (p99 > worstP99) {
                    worstP99 = p99;
                    worst = i.id();
                }
            }
        }
        if (requests < spec.minRequests()) {
            return Optional.empty();
        }
        double rate = (double) errors / requests;
        if (rate > spec.maxErrorRate()) {
            return Optional.of(String.format(Locale.ROOT, "%s: %.1f %% of %d requests got a 5xx, above the %.1f %% "
                    + "allowed", spec.release(), rate * 100, requests, spec.maxErrorRate() * 100));
        }
        if (spec.maxP99() != null && worstP99 > spec.maxP99().toMillis()) {
            return Optional.of(String.format(Locale.ROOT, "%s: p99 latency %.0f ms on %s, above the %d ms allowed",
                    spec.release(), worstP99, worst, spec.maxP99().toMillis()));
        }
        return Optional.empty();
    }
}
