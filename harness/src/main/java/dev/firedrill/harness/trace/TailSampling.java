package dev.firedrill.harness.trace;

import dev.firedrill.harness.TopologyException;
import java.time.Duration;

/**
 * How a {@link TraceCollector} decides which traces to keep, once per trace, after it has been quiet for
 * {@link #quiet()} (or at {@link TraceCollector#flush()}): every trace with an error span, every trace with a
 * SERVER or root span slower than {@link #slow()}, and {@link #keepFraction()} of the rest, chosen by the trace id
 * alone as OpenTelemetry's {@code TraceIdRatioBased} sampler chooses ({@link #keepsByTraceId}). The reference app,
 * given the same values ({@code FIREDRILL_TRACE_KEEP_FRACTION}, {@code FIREDRILL_TRACE_SLOW_MS}), applies the same
 * rule before exporting, so a trace it exports is one this collector keeps, together with its ALB span.
 *
 * <pre>{@code
 * TailSampling s = TailSampling.defaults().withKeepFraction(0.25).withSlow(Duration.ofMillis(200));
 * }</pre>
 *
 * @param keepFraction share of the traces that are neither failed nor slow that is kept, 0..1 (default 0.1)
 * @param slow         a SERVER or root span at least this long keeps its trace (default 500 ms)
 * @param quiet        a trace is decided once no span of it arrived for this long (default 2 s)
 * @param maxSpans     spans held at most, pending and kept together; past it new spans are dropped and counted
 *                     (default 100,000)
 */
public record TailSampling(double keepFraction, Duration slow, Duration quiet, int maxSpans) {
    public TailSampling {
        if (!(keepFraction >= 0 && keepFraction <= 1)) {
            throw new TopologyException("tracing", "keepFraction " + keepFraction
                    + " is outside 0..1; use e.g. 0.1 to keep a tenth of the traces that neither failed nor were slow");
        }
        if (slow == null || slow.isNegative()) {
            throw new TopologyException("tracing", "slow " + slow + " must be a duration >= 0, e.g. 500ms");
        }
        if (quiet == null || quiet.isNegative() || quiet.isZero()) {
            throw new TopologyException("tracing", "quiet " + quiet + " must be a positive duration, e.g. 2s");
        }
        if (maxSpans < 1) {
            throw new TopologyException("tracing", "maxSpans " + maxSpans + " must be at least 1, e.g. 100000");
        }
    }

    /** 10 % of the ordinary traces, slow from 500 ms, decided after 2 s of quiet, at most 100,000 spans. */
    public static TailSampling defaults() {
        return new TailSampling(0.1, Duration.ofMillis(500), Duration.ofSeconds(2), 100_000);
    }

    public TailSampling withKeepFraction(double f) {
        return new TailSampling(f, slow, quiet, maxSpans);
    }

    public TailSampling withSlow(Duration d) {
        return new TailSampling(keepFraction, d, quiet, maxSpans);
    }

    public TailSampling withQuiet(Duration d) {
        return new TailSampling(keepFraction, slow, d, maxSpans);
    }

    public TailSampling withMaxSpans(int n) {
        return new TailSampling(keepFraction, slow, quiet, n);
    }

    /**
     * Whether an ordinary trace falls in {@link #keepFraction()}: the absolute value of the id's low 64 bits (its
     * last 16 hex digits) below {@code keepFraction × Long.MAX_VALUE}, as {@code TraceIdRatioBased}; a malformed id
     * counts as 0 (kept unless the fraction is 0).
     */
    public boolean keepsByTraceId(String traceId) {
        if (keepFraction >= 1) {
            return true;
        }
        if (keepFraction <= 0) {
            return false;
        }
        return Math.abs(lowBits(traceId)) < (long) (keepFraction * Long.MAX_VALUE);
    }

    private static long lowBits(String traceId) {
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
