package dev.firedrill.harness.lb.internal;

import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Copies one target response to the client as it arrives, writing the next chunk only after the
 * previous one was accepted (back-pressure). If the exchange fails before anything reached the
 * client, the client gets the ALB's 502/504 page instead; afterwards the client connection is cut.
 */
final class ResponseRelay extends Callback.Completable implements org.eclipse.jetty.client.Response.Listener {
    static final String TARGET_HEADER = "X-Firedrill-Target";

    private final Target target;
    private final org.eclipse.jetty.client.Request out;
    private final Response resp;
    private final Callback cb;
    private final StatsRecorder stats;
    private final AlbTracer.Active trace;
    private final long startNanos;
    private int targetStatus;

    ResponseRelay(Target target, org.eclipse.jetty.client.Request out, Response resp, Callback cb, StatsRecorder stats,
                  AlbTracer.Active trace, long startNanos) {
        this.trace = trace;
        this.startNanos = startNanos;
        this.target = target;
        this.out = out;
        this.resp = resp;
        this.cb = cb;
        this.stats = stats;
    }

    @Override
    public void onBegin(org.eclipse.jetty.client.Response r) {
        targetStatus = r.getStatus();
        resp.setStatus(targetStatus);
    }

    @Override
    public void onHeaders(org.eclipse.jetty.client.Response r) {
        for (HttpField f : r.getHeaders()) {
            if (f.getHeader() == null || !ForwardingHandler.NOT_FORWARDED.contains(f.getHeader())) {
                resp.getHeaders().add(f);
            }
        }
        // the target's framing, as an ALB keeps it: its Content-Length (the bytes are relayed undecoded), or none
        // when it chunked, so the listener chunks too
        String length = r.getHeaders().get(org.eclipse.jetty.http.HttpHeader.CONTENT_LENGTH);
        if (length != null && !r.getHeaders().contains(org.eclipse.jetty.http.HttpHeader.TRANSFER_ENCODING)) {
            resp.getHeaders().put(org.eclipse.jetty.http.HttpHeader.CONTENT_LENGTH, length);
        }
        resp.getHeaders().put(TARGET_HEADER, target.id);
    }

    @Override
    public void onContent(org.eclipse.jetty.client.Response r, Content.Chunk chunk, Runnable demander) {
        chunk.retain();
        resp.write(false, chunk.getByteBuffer(), Callback.from(() -> {
            chunk.release();
            demander.run();
        }, x -> {
            chunk.release();
            r.abort(x);
        }));
    }

    @Override
    public void onSuccess(org.eclipse.jetty.client.Response r) {
        resp.write(true, BufferUtil.EMPTY_BUFFER, this);
    }

    @Override
    public void onComplete(Result result) {
        target.inFlight.decrementAndGet();
        target.active.remove(out);
        // the target's part ends here; the write of its last bytes to the client is the client's time
        long nanos = System.nanoTime() - startNanos;
        if (result.isSucceeded()) {
            whenComplete((ignored, x) -> {
                // before the listener-wide count, so who awaits that count sees this one too
                target.stats.responded(result.getResponse().getStatus(), nanos);
                stats.responded(result.getResponse().getStatus());
                if (trace != null) {
                    trace.end(target.id, targetStatus, result.getResponse().getStatus(), x == null ? null : "client-gone");
                }
                if (x == null) {
                    cb.succeeded();
                } else {
                    cb.failed(x);
                }
            });
            return;
        }
        Failures.Verdict v = Failures.verdict(result.getFailure());
        if (resp.isCommitted()) {
            target.stats.responded(502, nanos); // the client saw the target's status, but a broken response
            stats.generated(v.reason() + "-after-response-started", resp.getStatus());
            if (trace != null) {
                trace.end(target.id, targetStatus, 502, v.reason() + "-after-response-started");
            }
            cb.failed(result.getFailure());
            return;
        }
        resp.reset();
        resp.getHeaders().put(TARGET_HEADER, target.id);
        target.stats.responded(v.status(), nanos);
        stats.generated(v.reason(), v.status());
        if (trace != null) {
            trace.end(target.id, targetStatus, v.status(), v.reason());
        }
        ErrorResponses.write(resp, cb, v.status(), v.reason());
    }
}
