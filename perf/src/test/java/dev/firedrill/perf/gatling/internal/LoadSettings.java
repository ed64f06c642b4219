package dev.firedrill.perf.gatling.internal;

import dev.firedrill.harness.FiredrillException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The knobs of a simulation, read from system properties (the gatling-maven-plugin and perf/load-test.sh pass
 * {@code -Dload.rate=...}); defaults suit a quick run on a 2-core machine.
 *
 * @param rate         open-model arrival rate, requests/s (each virtual user sends one request)
 * @param duration     how long the constant rate is held
 * @param p99Ms        assertion: global p99 response time must stay below this
 * @param failedPct    assertion: failed requests must stay below this % of all requests
 * @param seedItems    items created before the load so reads find something
 * @param timeScale    topology timeScale of an in-process stack
 */
public record LoadSettings(double rate, Duration duration, long p99Ms, double failedPct, int seedItems,
                           double timeScale) {
    /** Reads {@code load.*} properties; {@code defaultP99Ms} and {@code defaultFailedPct} differ per profile. */
    public static LoadSettings fromSystemProperties(long defaultP99Ms, double defaultFailedPct) {
        return new LoadSettings(number("load.rate", 100), Duration.ofMillis((long) (number("load.duration", 30) * 1000)),
                (long) number("load.p99Ms", defaultP99Ms), number("load.failedPct", defaultFailedPct),
                (int) number("load.seedItems", 200), number("firedrill.timeScale", 0.05));
    }

    /** For the firedrill report's topology summary. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("load", String.format(Locale.ROOT, "Gatling open model, %.0f req/s for %d s (40 %% GET /items/{id}, "
                + "30 %% POST /items, 30 %% GET /items/{id}?consistent=true)", rate, duration.toSeconds()));
        m.put("assertions", String.format(Locale.ROOT, "global p99 < %d ms, failed < %.1f %%", p99Ms, failedPct));
        return m;
    }

    static double number(String property, double dflt) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d > 0)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new FiredrillException("-D" + property + "=" + v + " is not a positive number; e.g. -D" + property
                    + "=" + (dflt == Math.rint(dflt) ? String.valueOf((long) dflt) : String.valueOf(dflt)));
        }
    }
}
