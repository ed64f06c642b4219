package dev.firedrill.harness.fault;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.topology.Durations;
import java.time.Duration;
import java.util.Map;

/**
 * A fault as written on the command line or in a scenario file: kind, target, optional duration
 * and options. {@link #toFault()} validates everything against the kind's {@link FaultKind} descriptor and builds
 * the {@link Fault} value.
 *
 * <pre>{@code
 * FaultSpec.of("latency", "app-*->db-writer", "10s", Map.of("latency", "300ms")).toFault();
 * }</pre>
 */
public record FaultSpec(String kind, String target, Duration duration, Map<String, String> options) {
    /** Every kind with its target and options ({@link FaultKind#synopsis()}), in help order; see {@link FaultKinds}. */
    public static final Map<String, String> KINDS = FaultKinds.synopses();

    public FaultSpec {
        options = Map.copyOf(options);
    }

    public static FaultSpec of(String kind, String target, String duration, Map<String, String> options) {
        Duration d = null;
        if (duration != null && !duration.isBlank()) {
            if (duration.trim().startsWith("-")) {
                throw new FaultException("--for " + duration + ": a duration cannot be negative; write e.g. 10s");
            }
            try {
                d = Durations.parse("--for", duration);
            } catch (TopologyException e) {
                throw new FaultException(e.getMessage());
            }
        }
        return new FaultSpec(kind, target, d, options == null ? Map.of() : options);
    }

    /** The kind's description; fails naming the known kinds (and the closest) when there is no such kind. */
    public FaultKind descriptor() {
        return FaultKinds.get(kind);
    }

    /**
     * Validates and builds the fault through its kind's descriptor ({@link FaultKinds}); every error names the
     * option and the allowed values.
     */
    public Fault toFault() {
        return descriptor().toFault(target, options);
    }
}
