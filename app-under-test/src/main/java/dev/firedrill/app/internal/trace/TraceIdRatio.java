package dev.firedrill.app.internal.trace;

/**
 * The share of ordinary traces kept, decided by the trace id alone the way OpenTelemetry's {@code TraceIdRatioBased}
 * sampler does (the absolute value of the id's low 64 bits below {@code fraction × Long.MAX_VALUE}), so every
 * process that sees a trace (the ALB, the app, the worker, the collector) comes to the same verdict without talking.
 */
public final class TraceIdRatio {
    private final double fraction;
    private final long upperBound;

    public TraceIdRatio(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction " + fraction + " is outside 0..1");
        }
        this.fraction = fraction;
        this.upperBound = fraction == 0 ? Long.MIN_VALUE : fraction == 1 ? Long.MAX_VALUE : (long) (fraction * Long.MAX_VALUE);
    }

    public double fraction() {
        return fraction;
    }

    /** True when the trace falls in the kept share; {@code traceId} is 32 lowercase hex digits. */
    public boolean keeps(String traceId) {
        return fraction == 1 || (fraction > 0 && Math.abs(lowBits(traceId)) < upperBound);
    }

    /** The last 16 hex digits as a long, without allocating; 0 for a malformed id. */
    static long lowBits(String traceId) {
        int n = traceId.length();
        if (n < 16) {
            return 0;
        }
        long v = 0;
        for (int i = n - 16; i < n; i++) {
            int d = Character.digit(traceId.charAt(i), 16);
            if (d < 0) {
                return 0;
            }
            v = (v << 4) | d;
        }
        return v;
    }
}
