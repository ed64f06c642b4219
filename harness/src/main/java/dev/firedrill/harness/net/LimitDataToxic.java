package dev.firedrill.harness.net;

import static dev.firedrill.harness.net.internal.ToxicChecks.checkName;
import static dev.firedrill.harness.net.internal.ToxicChecks.checkNonNegative;
import static dev.firedrill.harness.net.internal.ToxicChecks.checkToxicity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Closes the connection once {@code bytes} bytes have passed on the stream (Toxiproxy {@code limit_data}).
 */
public record LimitDataToxic(String name, ToxicStream stream, double toxicity, long bytes) implements Toxic {
    /** Toxiproxy type name. */
    public static final String TYPE = "limit_data";

    public LimitDataToxic {
        name = checkName(name, TYPE, stream);
        checkToxicity(toxicity, name);
        checkNonNegative(bytes, "bytes", name, "bytes");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Map<String, Object> attributes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bytes", bytes);
        return m;
    }
}
