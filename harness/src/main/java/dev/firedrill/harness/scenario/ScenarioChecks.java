package dev.firedrill.harness.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.harness.internal.YamlFields;
import dev.firedrill.harness.topology.ComponentKind;
import dev.firedrill.harness.topology.ComponentSpec;
import dev.firedrill.harness.topology.Durations;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.harness.workload.OpKind;
import dev.firedrill.harness.workload.WorkloadSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a scenario file can get wrong against its own topology, found before anything starts: a
 * workload operation the topology cannot serve, a slow operation longer than the request timeout, a load step
 * after the run ends, an SLO naming an instance that does not exist.
 */
final class ScenarioChecks {
    private ScenarioChecks() {
    }

    /** {@code mixPath} is where the mix was written, or null when it is the default mix. */
    static void workload(WorkloadSpec w, String mixPath, Topology t) {
        String where = mixPath != null ? mixPath : "workload.mix (the default mix, " + w.mix() + ")";
        boolean drives = w.opsPerSecond() > 0 && w.mix().values().stream().anyMatch(v -> v > 0);
        if (drives && (t.loadBalancer() == null || t.fleet() == null || t.fleet().count() == 0)) {
            throw new ScenarioException("workload: drives the app through the load balancer, but the topology has "
                    + (t.loadBalancer() == null ? "no loadBalancer" : "no app instances (fleet.count: 0)")
                    + "; give the topology a fleet of at least one instance behind its loadBalancer");
        }
        for (Map.Entry<OpKind, Integer> e : w.mix().entrySet()) {
            if (e.getValue() <= 0) {
                continue;
            }
            String missing = switch (e.getKey()) {
                case WRITE, READ, CONSISTENT_READ -> t.database() == null ? "no database" : null;
                case LOGIN, ME -> t.cache() == null ? "no cache (sessions live in Redis)" : null;
                case ENQUEUE -> t.queues().isEmpty() ? "no queues" : null;
                case SLOW -> null; // the app's env (DEBUG_ENDPOINTS=true for the reference app) is the user's business
            };
            if (missing != null) {
                throw new ScenarioException(where + ": '" + e.getKey().wire() + "' needs what the topology lacks: "
                        + missing + "; drop it from workload.mix or add it to the topology");
            }
        }
        if (w.mix().getOrDefault(OpKind.SLOW, 0) > 0 && w.slowWork().compareTo(w.requestTimeout()) >= 0) {
            throw new ScenarioException("workload.slowWork: " + Durations.format(w.slowWork()) + " is not shorter "
                    + "than workload.requestTimeout " + Durations.format(w.requestTimeout()) + ", so every 'slow' "
                    + "operation would time out; raise requestTimeout (e.g. requestTimeout: "
                    + Durations.format(w.slowWork().multipliedBy(2).plusSeconds(1)) + ") or lower slowWork");
        }
    }

    /** Every load step must fall inside the run, or it never takes effect. */
    static void steps(WorkloadSpec w, Duration duration) {
        for (int i = 0; i < w.steps().size(); i++) {
            Duration at = w.steps().get(i).at();
            if (at.compareTo(duration) >= 0) {
                throw new ScenarioException("workload.steps[" + i + "].at: " + Durations.format(at) + " is not before "
                        + "the run ends (duration " + Durations.format(duration) + ", counted like at from the end of "
                        + "the warm-up), so the step would never take effect; move it earlier or lengthen the run");
            }
        }
    }

    /** An SLO entry's arguments that name topology components. */
    static void slo(String path, JsonNode entry, Topology t) {
        if (!entry.isObject() || !entry.has("servedOnlyBy") || !entry.get("servedOnlyBy").has("instances")) {
            return;
        }
        List<String> known = t.components().stream().filter(c -> c.kind() == ComponentKind.APP_INSTANCE)
                .map(ComponentSpec::name).toList();
        for (String name : Arrays.stream(entry.get("servedOnlyBy").get("instances").asText().split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            if (!known.contains(name)) {
                String hint = YamlFields.closest(name, Set.copyOf(known));
                throw new ScenarioException(path + ".servedOnlyBy.instances: unknown instance '" + name + "'"
                        + (hint != null ? "; did you mean '" + hint + "'?" : "") + " Instances: "
                        + String.join(", ", known));
            }
        }
    }
}
