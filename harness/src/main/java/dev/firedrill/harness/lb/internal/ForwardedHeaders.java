package dev.firedrill.harness.lb.internal;

import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;

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

    static void add(Request in, HttpFields.Mutable out) {
        add(in, out, null);
    }

    /**
     * With a trace, the target also gets the ALB span's {@code traceparent}, and a trace header whose Root is the
     * same trace id (unless the client sent a Root: AWS keeps it and adds Self).
     */
    static void add(Request in, HttpFields.Mutable out, AlbTracer.Active trace) {
        String client = Request.getRemoteAddr(in);
        String xff = in.getHeaders().get("X-Forwarded-For");
        out.put("X-Forwarded-For", xff == null || xff.isBlank() ? client : xff + ", " + client);
        out.put("X-Forwarded-Proto", "http");
        out.put("X-Forwarded-Port", Integer.toString(Request.getLocalPort(in)));
        String incoming = in.getHeaders().get(TRACE);
        if (trace == null) {
            out.put(TRACE, traceHeader(incoming, System.currentTimeMillis() / 1000));
            return;
        }
        out.put(AlbTracer.TRACEPARENT, trace.traceparent());
        out.put(TRACE, incoming == null || !incoming.contains("Root=") ? trace.xrayRoot()
                : traceHeader(incoming, System.currentTimeMillis() / 1000));
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
