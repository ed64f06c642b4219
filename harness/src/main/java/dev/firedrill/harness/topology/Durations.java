package dev.firedrill.harness.topology;

import dev.firedrill.harness.TopologyException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints the human durations used in topology files: {@code 30s}, {@code 250ms}, {@code 5m}, {@code 1h}. */
public final class Durations {
    private static final Pattern P = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private Durations() {
    }

    public static Duration parse(String path, String text) {
        if (text == null) {
            throw new TopologyException(path, "a duration is required, e.g. 30s or 250ms");
        }
        String t = text.trim();
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                return Duration.parse(t.toUpperCase());
            } catch (RuntimeException e) {
                throw new TopologyException(path, "'" + text + "' is not a duration; write e.g. 30s, 250ms, 5m");
            }
        }
        Matcher m = P.matcher(t);
        if (!m.matches()) {
            throw new TopologyException(path, "'" + text + "' is not a duration; write e.g. 30s, 250ms, 5m or 1h");
        }
        double v = Double.parseDouble(m.group(1));
        long nanos = switch (m.group(2)) {
            case "ms" -> (long) (v * 1e6);
            case "s" -> (long) (v * 1e9);
            case "m" -> (long) (v * 60e9);
            default -> (long) (v * 3600e9);
        };
        return Duration.ofNanos(nanos);
    }

    /** Prints a duration compactly: 300ms, 1.5s, 2m. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms % 60_000 == 0 && ms >= 60_000) {
            return (ms / 60_000) + "m";
        }
        double s = ms / 1000.0;
        return (s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s)) + "s";
    }

    /** {@code d × factor}, at least one millisecond when d is positive. */
    public static Duration scale(Duration d, double factor) {
        long nanos = (long) (d.toNanos() * factor);
        if (!d.isNegative() && !d.isZero() && nanos < 1_000_000) {
            nanos = 1_000_000;
        }
        return Duration.ofNanos(nanos);
    }
}
