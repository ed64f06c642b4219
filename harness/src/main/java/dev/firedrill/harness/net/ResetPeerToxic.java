package dev.firedrill.harness.net;

import static dev.firedrill.harness.net.internal.ToxicChecks.checkName;
import static dev.firedrill.harness.net.internal.ToxicChecks.checkNonNegative;
import static dev.firedrill.harness.net.internal.ToxicChecks.checkToxicity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * On the next data, waits {@code timeout} ms and resets the connection with a TCP RST (Toxiproxy {@code reset_peer}); 0 resets at once.
 */
public record ResetPeerToxic(String name, ToxicStream stream, double toxicity, long timeout) implements Toxic {
    /** Toxiproxy type name. */
    public static final String TYPE = "reset_peer";

    public ResetPeerToxic {
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
