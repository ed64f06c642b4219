package dev.firedrill.harness.net;

import static dev.firedrill.harness.net.internal.ToxicChecks.checkName;
import static dev.firedrill.harness.net.internal.ToxicChecks.checkNonNegative;
import static dev.firedrill.harness.net.internal.ToxicChecks.checkToxicity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Delays the close of the stream by {@code delay} ms after the sender closed it (Toxiproxy {@code slow_close}).
 */
public record SlowCloseToxic(String name, ToxicStream stream, double toxicity, long delay) implements Toxic {
    /** Toxiproxy type name. */
    public static final String TYPE = "slow_close";

    public SlowCloseToxic {
        name = checkName(name, TYPE, stream);
        checkToxicity(toxicity, name);
        checkNonNegative(delay, "delay", name, "milliseconds");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Map<String, Object> attributes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("delay", delay);
        return m;
    }
}
