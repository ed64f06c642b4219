package dev.firedrill.harness.net;

import static dev.firedrill.harness.net.internal.ToxicChecks.checkName;
import static dev.firedrill.harness.net.internal.ToxicChecks.checkNonNegative;
import static dev.firedrill.harness.net.internal.ToxicChecks.checkToxicity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Limits throughput to {@code rate} KB/s (1 KB = 1000 bytes, as Toxiproxy); 0 lets nothing through (Toxiproxy {@code bandwidth}).
 */
public record BandwidthToxic(String name, ToxicStream stream, double toxicity, long rate) implements Toxic {
    /** Toxiproxy type name. */
    public static final String TYPE = "bandwidth";

    public BandwidthToxic {
        name = checkName(name, TYPE, stream);
        checkToxicity(toxicity, name);
        checkNonNegative(rate, "rate", name, "KB/s");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Map<String, Object> attributes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate", rate);
        return m;
    }
}
