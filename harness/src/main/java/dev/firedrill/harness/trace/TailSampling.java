package dev.firedrill.harness.trace;

import dev.firedrill.harness.TopologyException;
import java.time.Duration;

/**
 * How a {@link TraceCollector} decides which traces to keep, once per trace, after it has been quiet for
 * {@link #quiet()} (or at {@link TraceCollector#flush()}): every trace with an error span, every trace with a
 * SERVER or root span slower than {@link #slow()}, and {@link #keepFraction()} of the rest, chosen by the trace id
 * and {@link #seed()} (the same ids and seed keep the same traces).
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
 * @param seed         drawn into the choice of the fraction
 */
public record TailSampling(double keepFraction, Duration slow, Duration quiet, int maxSpans, long seed) {
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
        return new TailSampling(0.1, Duration.ofMillis(500), Duration.ofSeconds(2), 100_000, 0);
    }

    public TailSampling withKeepFraction(double f) {
        return new TailSampling(f, slow, quiet, maxSpans, seed);
    }

    public TailSampling withSlow(Duration d) {
        return new TailSampling(keepFraction, d, quiet, maxSpans, seed);
    }

    public TailSampling withQuiet(Duration d) {
        return new TailSampling(keepFraction, slow, d, maxSpans, seed);
    }

    public TailSampling withMaxSpans(int n) {
        return new TailSampling(keepFraction, slow, quiet, n, seed);
    }

    public TailSampling withSeed(long s) {
        return new TailSampling(keepFraction, slow, quiet, maxSpans, s);
    }
}
