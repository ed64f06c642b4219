package dev.firedrill.harness.lb.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Headers an ALB adds to forwarded requests (ELB user guide, "HTTP headers and Application Load
 * Balancers" and "Request tracing"): X-Forwarded-For appends the client address to any value it
 * received; X-Forwarded-Proto and -Port name the listener; X-Amzn-Trace-Id gets a Root field, or a
 * Self field when the client already sent a Root.
 */
final class ForwardedHeaders {
    static final String TRACE = "X-Amzn-Trace-Id";

    private ForwardedHeaders() {
    }

    static String traceHeader(String incoming, long epochSeconds) {
        String id = newTraceId(epochSeconds);
        if (incoming == null || !incoming.contains("Root=")) {
            return "Root=" + id;
        }
        StringBuilder kept = new StringBuilder();
        for (String field : incoming.split(";")) {
            String f = field.trim();
            if (!f.isEmpty() && !f.startsWith("Self=")) {
                kept.append(';').append(f);
            }
        }
        return "Self=" + id + kept;
    }

    /** {@code 1-<8 hex digits of epoch seconds>-<24 hex digits>}, AWS's trace id format. */
    static String newTraceId(long epochSeconds) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(35).append("1-");
        hex(sb, epochSeconds & 0xffffffffL, 8).append('-');
        hex(sb, r.nextInt() & 0xffffffffL, 8);
        return hex(sb, r.nextLong(), 16).toString();
    }

    /** Appends the low {@code digits} hex digits of {@code v}, zero-padded (String.format is slow per request). */
    private static StringBuilder hex(StringBuilder sb, long v, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            sb.append(Character.forDigit((int) ((v >>> shift) & 0xf), 16));
        }
        return sb;
    }
}
