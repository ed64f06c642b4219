package dev.firedrill.harness.fleet;

import dev.firedrill.harness.topology.Durations;
import dev.firedrill.harness.topology.Topology;
import java.util.Map;
import java.util.Set;

/**
 * A {@link DeploySpec} from named options, as a scenario file's {@code deployments:} entry or the CLI give them:
 * {@code strategy}, {@code version}, {@code batchSize}, {@code minHealthyPercent}, {@code bakeTime},
 * {@code canaryPercent}, {@code maxErrorRate}, {@code maxP99}, {@code minRequests}, {@code healthTimeout},
 * {@code rollback}, {@code shiftSteps}, {@code shiftInterval}. Errors name the option.
 */
public final class DeployOptions {
    public static final Set<String> NAMES = Set.of("strategy", "version", "batchSize", "minHealthyPercent", "bakeTime",
            "canaryPercent", "maxErrorRate", "maxP99", "minRequests", "healthTimeout", "rollback", "shiftSteps", "shiftInterval");

    private DeployOptions() {
    }

    /** Parses {@code options} ({@code strategy} and {@code version} required). */
    public static DeploySpec parse(Map<String, String> options) {
        for (String k : options.keySet()) {
            if (!NAMES.contains(k)) {
                throw new DeployException("unknown option '" + k + "'; options: " + String.join(", ",
                        NAMES.stream().sorted().toList()));
            }
        }
        String strategy = options.get("strategy");
        if (strategy == null) {
            throw new DeployException("strategy: is required (rolling, blue-green or canary)");
        }
        String version = options.get("version");
        if (version == null) {
            throw new DeployException("version: is required: the release to deploy, e.g. v2");
        }
        DeploySpec s = DeploySpec.of(DeployStrategy.parse(strategy), version);
        String v;
        if ((v = options.get("batchSize")) != null) {
            s = s.withBatchSize(v);
        }
        if ((v = options.get("minHealthyPercent")) != null) {
            s = s.withMinHealthyPercent(integer("minHealthyPercent", v));
        }
        if ((v = options.get("bakeTime")) != null) {
            s = s.withBakeTime(Durations.parse("bakeTime", v));
        }
        if ((v = options.get("canaryPercent")) != null) {
            s = s.withCanaryPercent(integer("canaryPercent", v));
        }
        if ((v = options.get("maxErrorRate")) != null) {
            try {
                s = s.withMaxErrorRate(Double.parseDouble(v));
            } catch (NumberFormatException e) {
                throw new DeployException("maxErrorRate: '" + v + "' is not a fraction like 0.05");
            }
        }
        if ((v = options.get("maxP99")) != null) {
            s = s.withMaxP99(Durations.parse("maxP99", v));
        }
        if ((v = options.get("minRequests")) != null) {
            s = s.withMinRequests(integer("minRequests", v));
        }
        if ((v = options.get("healthTimeout")) != null) {
            s = s.withHealthTimeout(Durations.parse("healthTimeout", v));
        }
        if (options.containsKey("shiftSteps") || options.containsKey("shiftInterval")) {
            s = s.withShift(options.containsKey("shiftSteps") ? integer("shiftSteps", options.get("shiftSteps"))
                    : s.shiftSteps(), options.containsKey("shiftInterval")
                    ? Durations.parse("shiftInterval", options.get("shiftInterval")) : s.shiftInterval());
        }
        if ((v = options.get("rollback")) != null) {
            if (!v.equals("true") && !v.equals("false")) {
                throw new DeployException("rollback: use true or false, not '" + v + "'");
            }
            s = s.withRollback(Boolean.parseBoolean(v));
        }
        return s;
    }

    /** Checks {@code spec} against a topology before anything runs: a fleet behind a load balancer, the release. */
    public static void check(DeploySpec spec, Topology t) {
        if (t.fleet() == null || t.fleet().count() == 0 || t.loadBalancer() == null) {
            throw new DeployException("the topology has no fleet behind a load balancer to deploy to");
        }
        if (t.fleet().appOf(spec.release()).isEmpty()) {
            throw new DeployException("version: release '" + spec.release() + "' does not exist; releases: "
                    + t.fleet().releaseNames() + " (declare more under fleet.versions in the topology)");
        }
    }

    private static int integer(String name, String v) {
        try {
            return Integer.parseInt(v.trim().replace("%", ""));
        } catch (NumberFormatException e) {
            throw new DeployException(name + ": '" + v + "' is not a whole number");
        }
    }
}
