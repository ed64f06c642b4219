package dev.firedrill.harness.topology;

import dev.firedrill.harness.TopologyException;
import java.time.Duration;

/**
 * Distributed tracing of the stack: whether the harness receives the apps' spans (OTLP) and the ALB's own, and how
 * it samples them at the tail. {@code slow} is a request latency, not an AWS timer: {@code timeScale} does not scale it.
 *
 * @param enabled      false: no collector, no {@code OTEL_EXPORTER_OTLP_ENDPOINT} for the apps (their tracing is off)
 * @param keepFraction share of the traces that neither failed nor were slow that is kept, 0..1
 * @param slow         a trace whose root or SERVER span took at least this long is kept
 */
public record Tracing(boolean enabled, double keepFraction, Duration slow) {
    public Tracing {
        if (!(keepFraction >= 0 && keepFraction <= 1)) {
            throw new TopologyException("tracing.keepFraction", "keepFraction " + keepFraction
                    + " is outside 0..1; e.g. 0.1 keeps a tenth of the ordinary traces (failed and slow ones are always kept)");
        }
        if (slow == null || slow.isNegative()) {
            throw new TopologyException("tracing.slow", "slow " + slow + " must be a duration >= 0, e.g. 500ms");
        }
    }

    /** On, 10 % of ordinary traces, slow from 500 ms. */
    public static Tracing defaults() {
        return new Tracing(true, 0.1, Duration.ofMillis(500));
    }

    public static Tracing off() {
        return new Tracing(false, 0.1, Duration.ofMillis(500));
    }
}
