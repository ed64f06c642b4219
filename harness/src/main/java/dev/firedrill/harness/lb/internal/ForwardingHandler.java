package dev.firedrill.harness.lb.internal;

import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The listener's only rule: forward to its target groups by weight ({@link TargetGroups#select()}). Streams
 * both bodies through Jetty's {@link HttpClient}, which keeps pooled keep-alive connections per target.
 */
final class ForwardingHandler extends Handler.Abstract {
    /**
     * Hop-by-hop headers (RFC 9110 §7.6.1); Content-Length, which the HTTP client derives from the body it sends
     * (a response's own is put back by {@link ResponseRelay}: the target's framing is kept); and
     * Expect, because this listener already answers {@code 100-continue} itself when it reads the body.
     */
    static final EnumSet<HttpHeader> NOT_FORWARDED = EnumSet.of(HttpHeader.CONNECTION, HttpHeader.KEEP_ALIVE,
            HttpHeader.PROXY_AUTHORIZATION, HttpHeader.PROXY_AUTHENTICATE, HttpHeader.PROXY_CONNECTION,
            HttpHeader.TRANSFER_ENCODING, HttpHeader.TE, HttpHeader.TRAILER, HttpHeader.UPGRADE, HttpHeader.CONTENT_LENGTH, HttpHeader.EXPECT);

    private final TargetGroups groups;
    private final HttpClient client;
    private final StatsRecorder stats;
    private final long targetTimeoutNanos;
    private final AlbTracer tracer;

    /** @param tracer null: no spans, the trace header as before */
    ForwardingHandler(TargetGroups groups, HttpClient client, StatsRecorder stats, long targetTimeoutNanos,
                      AlbTracer tracer) {
        this.tracer = tracer;
        this.groups = groups;
        this.client = client;
        this.stats = stats;
        this.targetTimeoutNanos = targetTimeoutNanos;
    }

    @Override
    public boolean handle(Request in, Response resp, Callback cb) {
        String pathQuery = in.getHttpURI().getPathQuery();
        AlbTracer.Active trace = tracer == null ? null
                : tracer.begin(in.getMethod(), in.getHttpURI().getPath(), in.getHeaders());
        Target t = groups.select();
        if (t == null) {
            stats.generated("no-registered-targets", 503);
            if (trace != null) {
                trace.end(null, 0, 503, "no-registered-targets");
            }
            ErrorResponses.write(resp, cb, 503, "no-registered-targets");
            return true;
        }
        long start = System.nanoTime();
        t.stats.forwarded();
        org.eclipse.jetty.client.Request out = client.newRequest(t.origin + (pathQuery == null ? "/" : pathQuery))
                .method(in.getMethod())
                // AWS's idle timeout: no byte from the target for this long -> 504
                .idleTimeout(targetTimeoutNanos, TimeUnit.NANOSECONDS)
                .headers(h -> copyHeaders(in, h, trace));
        if (hasBody(in)) {
            out.body(new StreamedBody(in));
        }
        t.inFlight.incrementAndGet();
        t.active.add(out);
        out.send(new ResponseRelay(t, out, resp, cb, stats, trace, start));
        return true;
    }

    private static void copyHeaders(Request in, HttpFields.Mutable out, AlbTracer.Active trace) {
        for (HttpField f : in.getHeaders()) {
            if (f.getHeader() == null || !NOT_FORWARDED.contains(f.getHeader())) {
                out.add(f);
            }
        }
        ForwardedHeaders.add(in, out, trace);
    }

    private static boolean hasBody(Request in) {
        if (in.getLength() > 0) {
            return true;
        }
        HttpFields h = in.getHeaders();
        return in.getLength() < 0 && h.contains(HttpHeader.TRANSFER_ENCODING);
    }
}
