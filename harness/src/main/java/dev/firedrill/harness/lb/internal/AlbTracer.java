package dev.firedrill.harness.lb.internal;

import dev.firedrill.harness.trace.Span;
import dev.firedrill.harness.trace.SpanSink;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ALB's own span per request: continues the client's W3C {@code traceparent} (or an {@code X-Amzn-Trace-Id}
 * Root, with its Parent if any), else starts a trace whose id is X-Ray-shaped (8 hex digits of epoch seconds, 24
 * random), so one id reads the same in both formats. The span goes to a {@link SpanSink} when the response is done.
 */
final class AlbTracer {
    static final String TRACEPARENT = "traceparent";

    private final SpanSink sink;
    private final String instance;
    private final long epochBaseNanos;
    private final long nanoBase;

    AlbTracer(SpanSink sink, String instance) {
        this.sink = sink;
        this.instance = instance;
        Instant now = Instant.now();
        this.nanoBase = System.nanoTime();
        this.epochBaseNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    long epochNanos() {
        return epochBaseNanos + (System.nanoTime() - nanoBase);
    }

    /** One request's span, from its start. */
    /** One request's span, from its start, given its {@code traceparent} and {@code X-Amzn-Trace-Id} (or nulls). */
    Active begin(String method, String path, String tp, String amzn) {
        String traceId = null;
        String parent = null;
        if (tp != null && validTraceparent(tp)) {
            traceId = tp.substring(3, 35);
            parent = tp.substring(36, 52);
        } else {
            if (amzn != null) {
                traceId = xrayRoot(amzn);
                parent = traceId == null ? null : xrayParent(amzn);
            }
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        if (traceId == null) {
            StringBuilder sb = new StringBuilder(32);
            hex(sb, (System.currentTimeMillis() / 1000) & 0xffffffffL, 8);
            hex(sb, r.nextInt() & 0xffffffffL, 8);
            traceId = hex(sb, r.nextLong(), 16).toString();
        }
        long id;
        do {
            id = r.nextLong();
        } while (id == 0);
        return new Active(traceId, hex(new StringBuilder(16), id, 16).toString(), parent, method, path, epochNanos());
    }

    /** A request in flight. */
    final class Active {
        final String traceId;
        final String spanId;
        private final String parentSpanId;
        private final String method;
        private final String path;
        private final long startEpochNanos;

        private Active(String traceId, String spanId, String parentSpanId, String method, String path, long start) {
            this.traceId = traceId;
            this.spanId = spanId;
            this.parentSpanId = parentSpanId;
            this.method = method;
            this.path = path;
            this.startEpochNanos = start;
        }

        /** {@code 00-<trace>-<this span>-01}: the target's parent is the ALB's span, sampled (the harness samples at the tail). */
        String traceparent() {
            return "00-" + traceId + "-" + spanId + "-01";
        }

        /** {@code Root=1-<8>-<24>} of the same trace id. */
        String xrayRoot() {
            return "Root=1-" + traceId.substring(0, 8) + "-" + traceId.substring(8);
        }

        /**
         * Ends the span.
         *
         * @param target       the target id, or null when the ALB answered itself before choosing one
         * @param targetStatus the target's status, or 0 when it sent none
         * @param elbStatus    the status the client got
         * @param reason       why the ALB answered itself (e.g. {@code target-timeout}), or null
         */
        void end(String target, int targetStatus, int elbStatus, String reason) {
            Map<String, String> a = new HashMap<>(8);
            a.put("http.request.method", method);
            a.put("url.path", path);
            a.put("alb.elb.status_code", Integer.toString(elbStatus));
            if (target != null) {
                a.put("alb.target.id", target);
            }
            if (targetStatus > 0) {
                a.put("alb.target.status_code", Integer.toString(targetStatus));
            }
            if (reason != null) {
                a.put("alb.error", reason);
            }
            try {
                sink.accept(new Span(traceId, spanId, parentSpanId, method, Span.Kind.SERVER, "alb", instance,
                        startEpochNanos, epochNanos(), elbStatus >= 500, reason, a, null));
            } catch (RuntimeException ignored) {
                // a sink must not break forwarding
            }
        }
    }

    /** W3C trace context level 1: {@code 2hex-32hex-16hex-2hex}, version not ff, ids not all zero. */
    static boolean validTraceparent(String tp) {
        if (tp.length() < 55 || tp.charAt(2) != '-' || tp.charAt(35) != '-' || tp.charAt(52) != '-'
                || (tp.length() > 55 && tp.charAt(55) != '-') || tp.startsWith("ff")) {
            return false;
        }
        return isHex(tp, 0, 2) && isHex(tp, 3, 35) && isHex(tp, 36, 52) && isHex(tp, 53, 55)
                && !allZero(tp, 3, 35) && !allZero(tp, 36, 52);
    }

    /** The 32 hex digits of {@code Root=1-<8>-<24>}, or null. */
    static String xrayRoot(String header) {
        int i = header.indexOf("Root=1-");
        if (i < 0 || header.length() < i + 7 + 8 + 1 + 24) {
            return null;
        }
        int s = i + 7;
        if (header.charAt(s + 8) != '-' || !isHex(header, s, s + 8) || !isHex(header, s + 9, s + 33)) {
            return null;
        }
        String id = (header.substring(s, s + 8) + header.substring(s + 9, s + 33)).toLowerCase(java.util.Locale.ROOT);
        return allZero(id, 0, 32) ? null : id;
    }

    /** The 16 hex digits of {@code Parent=}, or null. */
    static String xrayParent(String header) {
        int i = header.indexOf("Parent=");
        if (i < 0 || header.length() < i + 7 + 16 || !isHex(header, i + 7, i + 23) || allZero(header, i + 7, i + 23)) {
            return null;
        }
        return header.substring(i + 7, i + 23).toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    private static StringBuilder hex(StringBuilder sb, long v, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            sb.append(Character.forDigit((int) ((v >>> shift) & 0xf), 16));
        }
        return sb;
    }
}
