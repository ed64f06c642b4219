package dev.firedrill.harness.net;

import static dev.firedrill.harness.net.internal.ToxicChecks.checkName;
import static dev.firedrill.harness.net.internal.ToxicChecks.checkNonNegative;
import static dev.firedrill.harness.net.internal.ToxicChecks.checkToxicity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds {@code latency} ± {@code jitter} milliseconds to every chunk of data (Toxiproxy {@code latency}).
 */
public record LatencyToxic(String name, ToxicStream stream, double toxicity, long latency, long jitter) implements Toxic {
    /** Toxiproxy type name. */
    public static final String TYPE = "latency";

    public LatencyToxic {
        name = checkName(name, TYPE, stream);
        checkToxicity(toxicity, name);
        checkNonNegative(latency, "latency", name, "milliseconds");
        checkNonNegative(jitter, "jitter", name, "milliseconds");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Map<String, Object> attributes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("latency", latency);
        m.put("jitter", jitter);
        return m;
    }
}
