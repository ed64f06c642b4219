package dev.firedrill.harness.check.internal;

/** Small helpers for JSON-friendly figures. */
public final class Figures {
    private Figures() {
    }

    /** Nanoseconds as milliseconds rounded to 0.001 ms. */
    public static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }

    /** A ratio rounded to 6 decimals, or null when the denominator is 0. */
    public static Double ratio(long num, long den) {
        return den == 0 ? null : Math.round(num * 1e6 / den) / 1e6;
    }

    /** Rounds to 3 decimals. */
    public static double round3(double v) {
        return Math.round(v * 1e3) / 1e3;
    }
}
