package dev.firedrill.harness.net;

import static dev.firedrill.harness.net.internal.ToxicChecks.checkName;
import static dev.firedrill.harness.net.internal.ToxicChecks.checkNonNegative;
import static dev.firedrill.harness.net.internal.ToxicChecks.checkToxicity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops all data and closes the connection after {@code timeout} ms; with 0 the connection stays open and data is dropped until the toxic is removed: a blackhole (Toxiproxy {@code timeout}).
 */
public record TimeoutToxic(String name, ToxicStream stream, double toxicity, long timeout) implements Toxic {
    /** Toxiproxy type name. */
    public static final String TYPE = "timeout";

    public TimeoutToxic {
        name = checkName(name, TYPE, stream);
        checkToxicity(toxicity, name);
        checkNonNegative(timeout, "timeout", name, "milliseconds");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Map<String, Object> attributes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timeout", timeout);
        return m;
    }
}
