package dev.firedrill.harness.lb.internal;

import java.nio.charset.StandardCharsets;

/** What every connection of one listener shares: routing, counters, tracing and its (scaled) timeouts. */
final class ProxyContext {
    final TargetGroups groups;
    final StatsRecorder stats;
    /** null: no spans. */
    final AlbTracer tracer;
    final long targetTimeoutNanos;
    final long connectTimeoutNanos;
    final long clientIdleNanos;
    /** A pooled target connection unused this long is closed (before a target's own keep-alive limit, usually). */
    final long poolIdleNanos;
    /** How often timeouts are looked at while exchanges are in flight. */
    final long scanNanos;
    byte[] listenPort = new byte[0];

    ProxyContext(TargetGroups groups, StatsRecorder stats, AlbTracer tracer, long targetTimeoutNanos,
                 long connectTimeoutNanos, long clientIdleNanos) {
        this.groups = groups;
        this.stats = stats;
        this.tracer = tracer;
        this.targetTimeoutNanos = targetTimeoutNanos;
        this.connectTimeoutNanos = connectTimeoutNanos;
        this.clientIdleNanos = clientIdleNanos;
        this.poolIdleNanos = 20_000_000_000L;
        long smallest = Math.min(targetTimeoutNanos, connectTimeoutNanos);
        this.scanNanos = Math.max(1_000_000L, Math.min(50_000_000L, smallest / 16));
    }

    void listenPort(int port) {
        this.listenPort = Integer.toString(port).getBytes(StandardCharsets.US_ASCII);
    }
}
