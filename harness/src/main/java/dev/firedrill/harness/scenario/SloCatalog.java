package dev.firedrill.harness.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.internal.YamlFields;
import dev.firedrill.harness.topology.Durations;
import dev.firedrill.harness.workload.OpKind;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The SLOs a scenario file can name, mapped to {@link Slos} factories. An entry is a bare name
 * ({@code - noLostWrites}) or a name with arguments: a scalar ({@code - writeRecoveryWithin: 10s}) or a
 * mapping ({@code - availabilityAtLeast: {op: read, fraction: 0.99}}).
 */
public final class SloCatalog {
    private static final Map<String, Function<Args, Slo>> FACTORIES = new LinkedHashMap<>();

    static {
        register("noLostWrites", a -> Slos.noLostWrites());
        register("noStaleConsistentReads", a -> Slos.noStaleConsistentReads());
        register("writeRecoveryWithin", a -> Slos.writeRecoveryWithin(a.duration("within")));
        register("writeRecoveryWithinAwsEquivalent", a -> Slos.writeRecoveryWithinAwsEquivalent(a.duration("within")));
        register("recoveryWithin", a -> Slos.recoveryWithin(a.op(), a.duration("within")));
        register("recoveryWithinAwsEquivalent", a -> Slos.recoveryWithinAwsEquivalent(a.op(), a.duration("within")));
        register("outageMatches", a -> Slos.outageMatches(a.op(), a.duration("expected"), a.duration("tolerance")));
        register("availabilityAtLeast", a -> a.has("op") ? Slos.availabilityAtLeast(a.op(), a.number("fraction"))
                : Slos.availabilityAtLeast(a.number("fraction")));
        register("p99Below", a -> Slos.p99Below(a.op(), a.duration("within")));
        register("staleReadsOnlyOnReaderPool", a -> Slos.staleReadsOnlyOnReaderPool());
        register("sessionsSurvive", a -> Slos.sessionsSurvive());
        register("noLostJobs", a -> Slos.noLostJobs());
        register("noDuplicateJobs", a -> Slos.noDuplicateJobs());
        register("failuresOnlyWithinAwsEquivalent", a -> Slos.failuresOnlyWithinAwsEquivalent(a.duration("within"),
                a.has("slack") ? a.duration("slack") : Duration.ofMillis(250)));
        register("failFast", a -> Slos.failFast(a.op(), a.has("percentile") ? a.number("percentile") : 99,
                a.duration("within")));
        register("failsClearly", a -> Slos.failsClearly(a.op(), a.has("status") ? (int) a.number("status") : 503,
                a.duration("within")));
        register("rpoAtMost", a -> Slos.rpoAtMost((int) a.number("writes"), a.duration("window")));
        register("noFailedRequests", a -> FleetSlos.noFailedRequests());
        register("deploymentsReleased", a -> FleetSlos.deploymentsReleased());
        register("rolledBackWithinAwsEquivalent", a -> FleetSlos.rolledBackWithinAwsEquivalent(a.text("version"),
                a.duration("within"), a.has("maxShare") ? a.number("maxShare") : 1.0));
        register("capacityRestoredWithinAwsEquivalent", a -> FleetSlos.capacityRestoredWithinAwsEquivalent(
                a.duration("within")));
        register("scaledOutWithinAwsEquivalent", a -> FleetSlos.scaledOutWithinAwsEquivalent((int) a.number("to"),
                a.duration("within")));
        register("servedOnlyBy", a -> Slos.servedOnlyBy(java.util.Arrays.stream(a.text("instances").split(","))
                .map(String::trim).filter(x -> !x.isEmpty()).toList(), a.duration("after"),
                a.has("availability") ? a.number("availability") : 0.99));
    }

    private SloCatalog() {
    }

    /** Adds an SLO name; the factory reads its arguments from {@link Args}. */
    public static synchronized void register(String name, Function<Args, Slo> factory) {
        FACTORIES.put(name, factory);
    }

    public static synchronized java.util.Set<String> names() {
        return java.util.Set.copyOf(FACTORIES.keySet());
    }

    /** Builds the SLO for one list entry of a scenario file. */
    public static Slo parse(String path, JsonNode entry) {
        String name;
        JsonNode args = null;
        if (entry.isTextual()) {
            name = entry.asText();
        } else if (entry.isObject() && entry.size() == 1) {
            name = entry.fieldNames().next();
            args = entry.get(name);
        } else {
            throw new ScenarioException(path + ": write an SLO as a name (- noLostWrites) or a name with arguments "
                    + "(- writeRecoveryWithin: 10s)");
        }
        Function<Args, Slo> f;
        synchronized (SloCatalog.class) {
            f = FACTORIES.get(name);
        }
        if (f == null) {
            String hint = YamlFields.closest(name, names());
            throw new ScenarioException(path + ": unknown SLO '" + name + "'" + (hint != null ? "; did you mean '" + hint
                    + "'?" : "") + " SLOs: " + String.join(", ", names().stream().sorted().toList()));
        }
        try {
            return f.apply(new Args(path + "." + name, args));
        } catch (IllegalArgumentException | TopologyException e) {
            throw new ScenarioException(path + "." + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The arguments of one SLO entry. A scalar argument answers whichever single field is asked
     * ({@code writeRecoveryWithin: 10s} reads as {@code within: 10s}).
     */
    public static final class Args {
        private final String path;
        private final JsonNode node;

        Args(String path, JsonNode node) {
            this.path = path;
            this.node = node;
        }

        public boolean has(String field) {
            return node != null && node.isObject() && node.has(field);
        }

        private JsonNode get(String field) {
            if (node == null || node.isNull()) {
                throw new ScenarioException(path + ": needs an argument '" + field + "'");
            }
            if (!node.isObject()) {
                return node;
            }
            JsonNode v = node.get(field);
            if (v == null) {
                throw new ScenarioException(path + ": needs '" + field + "'");
            }
            return v;
        }

        public Duration duration(String field) {
            JsonNode v = get(field);
            if (v.isNumber()) {
                throw new ScenarioException(path + "." + field + ": '" + v.asText() + "' has no unit; write e.g. "
                        + v.asText() + "s");
            }
            return Durations.parse(path + "." + field, v.asText());
        }

        public double number(String field) {
            JsonNode v = get(field);
            if (!v.isNumber()) {
                throw new ScenarioException(path + "." + field + ": expected a number, got '" + v.asText() + "'");
            }
            return v.asDouble();
        }

        public String text(String field) {
            return get(field).asText();
        }

        /** The operation ({@code op}): write, read, consistent_read, login, me, enqueue. */
        public String op() {
            String op = text("op");
            try {
                return OpKind.parse(op).wire();
            } catch (IllegalArgumentException e) {
                java.util.Set<String> wires = java.util.Arrays.stream(OpKind.values()).map(OpKind::wire)
                        .collect(java.util.stream.Collectors.toSet());
                String hint = YamlFields.closest(op, wires);
                throw new ScenarioException(path + ".op: unknown operation '" + op + "'" + (hint != null
                        ? "; did you mean '" + hint + "'?" : "") + " Operations: write, read, consistent_read, login, "
                        + "me, enqueue");
            }
        }
    }
}
