package dev.firedrill.perf.gatling.internal;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.fault.FaultSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fault an under-fault simulation injects: kind, target and options as on the command line
 * ({@code firedrill fault latency app->db --latency 300ms}), when it starts and how long it lasts. Read from
 * {@code fault.kind}, {@code fault.target}, {@code fault.options} ({@code key=value,key=value}),
 * {@code fault.at} and {@code fault.for} (seconds); the default adds 300 ms to every app → database round trip
 * from a third of the run for a third of the run.
 */
public record FaultPlan(String kind, String target, Map<String, String> options, Duration at, Duration lasting) {
    public FaultPlan {
        options = Map.copyOf(options);
    }

    public static FaultPlan fromSystemProperties(Duration runLength) {
        String kind = System.getProperty("fault.kind", "latency");
        String target = System.getProperty("fault.target", "app->db");
        String opts = System.getProperty("fault.options", kind.equals("latency") ? "latency=300ms" : "");
        Map<String, String> options = new LinkedHashMap<>();
        for (String kv : opts.split(",")) {
            if (kv.isBlank()) {
                continue;
            }
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new FaultException("-Dfault.options=" + opts + ": write key=value pairs separated by commas, "
                        + "e.g. -Dfault.options=latency=300ms,jitter=20ms");
            }
            options.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        long third = runLength.toMillis() / 3;
        Duration at = Duration.ofMillis((long) (LoadSettings.number("fault.at", third / 1000.0) * 1000));
        Duration lasting = Duration.ofMillis((long) (LoadSettings.number("fault.for", third / 1000.0) * 1000));
        if (at.plus(lasting).compareTo(runLength) > 0) {
            throw new FaultException("fault.at (" + at.toSeconds() + " s) + fault.for (" + lasting.toSeconds()
                    + " s) ends after the load (" + runLength.toSeconds() + " s); shorten them or raise load.duration");
        }
        FaultPlan plan = new FaultPlan(kind, target, options, at, lasting);
        plan.spec().toFault(); // validate before anything starts
        return plan;
    }

    /** The harness value; its duration is informational, the driver heals. */
    public FaultSpec spec() {
        return FaultSpec.of(kind, target, lasting.toMillis() + "ms", options);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(kind).append(' ').append(target);
        options.forEach((k, v) -> b.append(" --").append(k).append(' ').append(v));
        return b.append(" at ").append(at.toMillis() / 1000.0).append(" s for ").append(lasting.toMillis() / 1000.0)
                .append(" s").toString();
    }
}
