package dev.firedrill.harness.lb.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client connection to the listener and the exchange in progress on it, driven by its {@link EventLoop}.
 *
 * <p>Per request: parse the head in place, pick a target, write the forwarded head (hop-by-hop fields dropped,
 * X-Forwarded-* and the trace header added) and the body as it arrives to a pooled keep-alive connection, then
 * relay the response's head (the target's framing kept: its Content-Length, or its chunks as they are) and body
 * bytes straight from the target connection's buffer. Each side's reads pause while the other side cannot take
 * more (back-pressure), so nothing is buffered beyond one read. One request at a time: pipelined requests wait in
 * the buffer until the response before them is done.
 */
final class ClientSide implements EventLoop.Handler {
    private static final int BUFFER = 16 * 1024;
    private static final byte[] CONNECTION = lower("connection");
    private static final byte[] KEEP_ALIVE = lower("keep-alive");
    private static final byte[] PROXY_CONNECTION = lower("proxy-connection");
    private static final byte[] PROXY_AUTHORIZATION = lower("proxy-authorization");
    private static final byte[] PROXY_AUTHENTICATE = lower("proxy-authenticate");
    private static final byte[] TE = lower("te");
    private static final byte[] TRAILER = lower("trailer");
    private static final byte[] UPGRADE = lower("upgrade");
    private static final byte[] EXPECT = lower("expect");
    private static final byte[] HOST = lower("host");
    private static final byte[] CONTENT_LENGTH = lower("content-length");
    private static final byte[] TRANSFER_ENCODING = lower("transfer-encoding");
    private static final byte[] XFF = lower("x-forwarded-for");
    private static final byte[] XFP = lower("x-forwarded-proto");
    private static final byte[] XFPORT = lower("x-forwarded-port");
    private static final byte[] TRACE = lower("x-amzn-trace-id");
    private static final byte[] TRACEPARENT = lower("traceparent");
    private static final byte[] TARGET_FIELD = lower("x-firedrill-target");
    private static final byte[] CLOSE = lower("close");
    private static final byte[] CHUNKED = lower("chunked");
    private static final byte[] CONTINUE = lower("100-continue");
    private static final byte[] HTTP11 = ascii("HTTP/1.1 ");
    private static final byte[] V11 = ascii(" HTTP/1.1\r\n");
    private static final byte[] CONTINUE_RESPONSE = ascii("HTTP/1.1 100 Continue\r\n\r\n");
    private static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");
    private static final byte[] XFF_LINE = ascii("X-Forwarded-For: ");
    private static final byte[] XFP_LINE = ascii("X-Forwarded-Proto: http\r\nX-Forwarded-Port: ");
    private static final byte[] TRACE_ROOT_LINE = ascii("X-Amzn-Trace-Id: Root=1-");
    private static final byte[] TRACE_LINE = ascii("X-Amzn-Trace-Id: ");
    private static final byte[] TRACEPARENT_LINE = ascii("traceparent: ");
    private static final byte[] HOST_LINE = ascii("Host: ");
    private static final byte[] COMMA_SPACE = ascii(", ");

    private static final int HEAD = 0;
    private static final int BODY = 1;
    private static final int WAIT = 2;

    private static final int NONE = 0;
    private static final int LENGTH = 1;
    private static final int CHUNKS = 2;
    private static final int UNTIL_CLOSE = 3;

    private final EventLoop loop;
    private final ProxyContext ctx;
    final SocketChannel ch;
    final SelectionKey key;
    private final byte[] clientAddress;
    int slot = -1;
    private byte[] in = new byte[BUFFER];
    private ByteBuffer inView = ByteBuffer.wrap(in);
    private int inStart;
    private int inEnd;
    private int searchFrom;
    long lastActivity;
    private boolean closed;
    private boolean readOff;
    private boolean lingering;
    private long lingerUntil;

    // the exchange in progress
    private final HttpHead req = new HttpHead();
    private final HttpHead resp = new HttpHead();
    private int phase = HEAD;
    private boolean exchange;
    private boolean keepAlive;
    private boolean headRequest;
    private int bodyMode;
    private long bodyLeft;
    private final ChunkScanner reqChunks = new ChunkScanner();
    private boolean continueOwed;
    private TargetSide up;
    private Target target;
    private long startNanos;
    private long targetNanos;
    private AlbTracer.Active trace;
    private boolean retried;
    private int targetStatus;
    private boolean responseHeadSent;
    private boolean responseDone;
    private int respMode;
    private long respLeft;
    private final ChunkScanner respChunks = new ChunkScanner();
    private int respSearchFrom;
    /** The status, reason and close flag of a page the ALB answers itself, once its bytes drain. */
    private int pageStatus;
    private String pageReason;
    private boolean closeAfter;

    // pending output
    private final ByteSink head = new ByteSink(1024);
    private final ByteBuffer[] out = new ByteBuffer[2];
    private boolean writing;

    ClientSide(EventLoop loop, SocketChannel ch, SelectionKey key, byte[] clientAddress) {
        this.loop = loop;
        this.ctx = loop.ctx;
        this.ch = ch;
        this.key = key;
        this.clientAddress = clientAddress;
        this.lastActivity = loop.now;
    }

    @Override
    public void ready(SelectionKey k) {
        int ops = k.readyOps();
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            flush();
        }
        if (!closed && (ops & SelectionKey.OP_READ) != 0) {
            read();
        }
    }

    // ---- reading requests

    private boolean wantsClientBytes() {
        return !closed && !writing && (phase == HEAD && !exchange || phase == BODY && up != null && !up.writing());
    }

    private void read() {
        if (lingering) {
            discard();
            return;
        }
        if (!wantsClientBytes()) {
            readOff = true; // e.g. a pipelined request or an EOF while this one is in progress: later
            interest();
            return;
        }
        if (inStart == inEnd) {
            inStart = 0;
            inEnd = 0;
            searchFrom = 0;
        } else if (inEnd == in.length) {
            if (inStart > 0) {
                System.arraycopy(in, inStart, in, 0, inEnd - inStart);
                searchFrom -= inStart;
                inEnd -= inStart;
                inStart = 0;
            } else if (phase == HEAD && in.length < HttpHead.MAX_HEAD + BUFFER) {
                in = java.util.Arrays.copyOf(in, in.length * 2);
                inView = ByteBuffer.wrap(in);
            }
        }
        int n;
        try {
            inView.limit(in.length).position(inEnd);
            n = ch.read(inView);
        } catch (IOException e) {
            clientGone();
            return;
        }
        if (n < 0) {
            if (exchange) {
                clientGone();
            } else {
                close();
            }
            return;
        }
        if (n == 0) {
            return;
        }
        inEnd += n;
        lastActivity = loop.now;
        process();
    }

    private void process() {
        if (phase == HEAD && !exchange) {
            int end = HttpHead.findEnd(in, Math.max(inStart, searchFrom), inEnd);
            if (end < 0) {
                searchFrom = Math.max(inStart, inEnd - 3);
                if (inEnd - inStart > HttpHead.MAX_HEAD) {
                    badRequest("the request header is over 64 KB");
                } else {
                    interest();
                }
                return;
            }
            if (end - inStart > HttpHead.MAX_HEAD) {
                badRequest("the request header is over 64 KB");
                return;
            }
            startExchange(end);
        } else if (phase == BODY) {
            pumpBody();
        }
    }

    private void startExchange(int headEnd) {
        String problem = req.parse(in, inStart, headEnd, true);
        if (problem != null) {
            badRequest(problem);
            return;
        }
        exchange = true;
        startNanos = System.nanoTime();
        boolean http11 = req.isHttp11(req.s3, req.e3);
        int conn = req.find(CONNECTION);
        keepAlive = http11 ? conn < 0 || !req.hasToken(conn, CLOSE) : conn >= 0 && req.hasToken(conn, KEEP_ALIVE);
        headRequest = req.e1 - req.s1 == 4 && in[req.s1] == 'H' && in[req.s1 + 1] == 'E' && in[req.s1 + 2] == 'A'
                && in[req.s1 + 3] == 'D';
        int te = req.find(TRANSFER_ENCODING);
        int cl = -1;
        long length = 0;
        for (int f = 0; f < req.count; f++) {
            if (req.nameIs(f, CONTENT_LENGTH)) {
                long v = req.decimal(f);
                if (v < 0 || (cl >= 0 && v != length)) {
                    badRequest("the Content-Length is not one non-negative number");
                    return;
                }
                cl = f;
                length = v;
            }
        }
        if (te >= 0) {
            if (cl >= 0 || !req.lastTokenIs(te, CHUNKED)) {
                badRequest(cl >= 0 ? "the request has both Transfer-Encoding and Content-Length"
                        : "the request's Transfer-Encoding does not end with chunked");
                return;
            }
            bodyMode = CHUNKS;
            reqChunks.reset();
        } else if (length > 0) {
            bodyMode = LENGTH;
            bodyLeft = length;
        } else {
            bodyMode = NONE;
        }
        int expect = req.find(EXPECT);
        continueOwed = expect >= 0 && http11 && bodyMode != NONE && req.hasToken(expect, CONTINUE);
        if (ctx.tracer != null) {
            int tp = req.find(TRACEPARENT);
            int amzn = req.find(TRACE);
            trace = ctx.tracer.begin(ascii(req.s1, req.e1), path(), tp < 0 ? null : req.value(tp),
                    amzn < 0 ? null : req.value(amzn));
        }
        target = ctx.groups.select();
        if (target == null) {
            inStart = headEnd;
            ctx.stats.generated("no-registered-targets", 503);
            endTrace(null, 503, "no-registered-targets");
            page(503, "no-registered-targets", false);
            return;
        }
        target.stats.forwarded();
        target.inFlight.incrementAndGet();
        exchangeCounted = true;
        loop.exchangeStarted();
        try {
            up = loop.acquire(target);
        } catch (IOException e) {
            inStart = headEnd;
            failExchange(Failures.verdict(e));
            return;
        }
        up.client = this;
        writeHead(up.head.clear(), headEnd);
        inStart = headEnd;
        phase = bodyMode == NONE ? WAIT : BODY;
        if (bodyMode == NONE) {
            up.send(true, null);
        } else {
            if (continueOwed) {
                continueOwed = false;
                sendInterim();
            }
            pumpBody(true);
        }
        if (up != null) {
            up.interest();
        }
        interest();
    }

    private void pumpBody() {
        pumpBody(false);
    }

    /** Queues the body bytes in the buffer to the target; {@code withHead} also the request head. */
    private void pumpBody(boolean withHead) {
        if (up == null || up.writing()) {
            interest();
            return;
        }
        int n;
        boolean done;
        if (bodyMode == LENGTH) {
            n = (int) Math.min(bodyLeft, inEnd - inStart);
            bodyLeft -= n;
            done = bodyLeft == 0;
        } else {
            int end = reqChunks.scan(in, inStart, inEnd);
            if (end == ChunkScanner.MALFORMED) {
                closeAfter = true;
                failExchange(new Failures.Verdict(400, "malformed-request"));
                return;
            }
            done = end >= 0;
            n = (done ? end : inEnd) - inStart;
        }
        ByteBuffer slice = n == 0 ? null : ByteBuffer.wrap(in, inStart, n);
        inStart += n;
        if (done) {
            phase = WAIT;
        }
        if (withHead || slice != null) {
            up.send(withHead, slice);
        }
        if (up != null) {
            up.interest();
        }
        interest();
    }

    /** The target took everything queued: more of the body, if there is some. */
    void targetDrained(TargetSide t, ByteBuffer slice) {
        if (t != up) {
            return;
        }
        if (phase == BODY) {
            if (inStart < inEnd) {
                pumpBody();
            } else {
                interest();
            }
        }
    }

    private void writeHead(ByteSink h, int headEnd) {
        h.put(in, req.s1, req.e2 - req.s1).put(V11);
        boolean host = false;
        int xff = -1;
        int amzn = -1;
        boolean tracing = trace != null;
        for (int f = 0; f < req.count; f++) {
            int ns = req.nameStart(f);
            int len = req.fields[4 * f + 1] - ns;
            // skip what is hop-by-hop or replaced; switch on the name's length, then compare
            boolean skip = switch (len) {
                case 2 -> req.nameIs(f, TE);
                case 4 -> {
                    host |= req.nameIs(f, HOST);
                    yield false;
                }
                case 6 -> req.nameIs(f, EXPECT);
                case 7 -> req.nameIs(f, TRAILER) || req.nameIs(f, UPGRADE);
                case 10 -> req.nameIs(f, CONNECTION) || req.nameIs(f, KEEP_ALIVE);
                case 11 -> tracing && req.nameIs(f, TRACEPARENT);
                case 15 -> {
                    if (req.nameIs(f, XFF)) {
                        if (xff < 0) {
                            xff = f;
                        }
                        yield true;
                    }
                    if (req.nameIs(f, TRACE)) {
                        if (amzn < 0) {
                            amzn = f;
                        }
                        yield true;
                    }
                    yield false;
                }
                case 16 -> req.nameIs(f, PROXY_CONNECTION) || req.nameIs(f, XFPORT);
                case 17 -> req.nameIs(f, XFP);
                case 19 -> req.nameIs(f, PROXY_AUTHORIZATION);
                default -> false;
            };
            if (!skip) {
                h.put(in, ns, req.valueEnd(f) - ns).crlf();
            }
        }
        if (!host) {
            h.put(HOST_LINE).ascii(target.hostPort).crlf();
        }
        h.put(XFF_LINE);
        if (xff >= 0 && req.valueEnd(xff) > req.valueStart(xff)) {
            h.put(in, req.valueStart(xff), req.valueEnd(xff) - req.valueStart(xff)).put(COMMA_SPACE);
        }
        h.put(clientAddress).crlf().put(XFP_LINE).put(ctx.listenPort).crlf();
        String incoming = amzn < 0 ? null : req.value(amzn);
        boolean incomingRoot = incoming != null && incoming.contains("Root=");
        if (tracing) {
            h.put(TRACEPARENT_LINE).ascii(trace.traceparent()).crlf();
            h.put(TRACE_LINE).ascii(incomingRoot ? ForwardedHeaders.traceHeader(incoming, epochSeconds())
                    : trace.xrayRoot()).crlf();
        } else if (incomingRoot) {
            h.put(TRACE_LINE).ascii(ForwardedHeaders.traceHeader(incoming, epochSeconds())).crlf();
        } else {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            h.put(TRACE_ROOT_LINE).hex(epochSeconds(), 8).put((byte) '-').hex(r.nextInt() & 0xffffffffL, 8)
                    .hex(r.nextLong(), 16).crlf();
        }
        h.crlf();
    }

    private static long epochSeconds() {
        return (System.currentTimeMillis() / 1000) & 0xffffffffL;
    }

    // ---- relaying responses

    boolean wantsTargetBytes() {
        return exchange && !writing && !responseDone && !closed;
    }

    void targetData(TargetSide t) {
        if (t != up) {
            return;
        }
        while (true) {
            if (!wantsTargetBytes()) {
                return;
            }
            boolean withHead = false;
            if (!responseHeadSent) {
                int end = HttpHead.findEnd(t.in, Math.max(t.inStart, respSearchFrom), t.inEnd);
                if (end < 0) {
                    respSearchFrom = Math.max(t.inStart, t.inEnd - 3);
                    int have = t.inEnd - t.inStart;
                    if (!startsLikeHttp(t.in, t.inStart, t.inEnd) || have >= t.in.length) {
                        failExchange(new Failures.Verdict(502, "malformed-target-response"));
                    }
                    return;
                }
                String problem = resp.parse(t.in, t.inStart, end, false);
                if (problem != null) {
                    failExchange(new Failures.Verdict(502, "malformed-target-response"));
                    return;
                }
                respSearchFrom = end;
                int status = resp.status();
                if (status < 200) {
                    // interim responses (100, 103) are not relayed: the listener answered 100-continue itself
                    t.inStart = end;
                    if (status == 101) {
                        failExchange(new Failures.Verdict(502, "malformed-target-response"));
                        return;
                    }
                    continue;
                }
                targetStatus = status;
                relayHead(t, end);
                t.inStart = end;
                withHead = true;
                responseHeadSent = true;
                if (respMode == NONE) {
                    responseComplete();
                }
            }
            ByteBuffer slice = null;
            if (!responseDone && t.inStart < t.inEnd) {
                int n;
                if (respMode == LENGTH) {
                    n = (int) Math.min(respLeft, t.inEnd - t.inStart);
                    respLeft -= n;
                    if (respLeft == 0) {
                        responseComplete();
                    }
                } else if (respMode == CHUNKS) {
                    int end = respChunks.scan(t.in, t.inStart, t.inEnd);
                    if (end == ChunkScanner.MALFORMED) {
                        failExchange(new Failures.Verdict(502, "malformed-target-response"));
                        return;
                    }
                    n = (end >= 0 ? end : t.inEnd) - t.inStart;
                    if (end >= 0) {
                        responseComplete();
                    }
                } else {
                    n = t.inEnd - t.inStart;
                }
                slice = ByteBuffer.wrap(t.in, t.inStart, n);
                t.inStart += n;
            }
            if (withHead || slice != null) {
                send(withHead ? head.buffer() : null, slice);
                if (closed) {
                    return;
                }
            }
            if (writing) {
                t.interest();
                return;
            }
            if (responseDone) {
                finish();
                return;
            }
            if (t.inStart == t.inEnd) {
                return;
            }
        }
    }

    private static boolean startsLikeHttp(byte[] b, int s, int e) {
        byte[] p = {'H', 'T', 'T', 'P', '/'};
        for (int i = 0; i < p.length && s + i < e; i++) {
            if (b[s + i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    private void relayHead(TargetSide t, int end) {
        int te = resp.find(TRANSFER_ENCODING);
        int cl = resp.find(CONTENT_LENGTH);
        int conn = resp.find(CONNECTION);
        boolean targetKeepsAlive = resp.isHttp11(resp.s1, resp.e1) ? conn < 0 || !resp.hasToken(conn, CLOSE)
                : conn >= 0 && resp.hasToken(conn, KEEP_ALIVE);
        upKeepAlive = targetKeepsAlive;
        if (headRequest || targetStatus == 204 || targetStatus == 304) {
            respMode = NONE;
        } else if (te >= 0 && resp.lastTokenIs(te, CHUNKED)) {
            respMode = CHUNKS;
            respChunks.reset();
            cl = -1;
        } else if (te < 0 && cl >= 0 && resp.decimal(cl) >= 0) {
            respLeft = resp.decimal(cl);
            respMode = respLeft == 0 ? NONE : LENGTH;
        } else {
            respMode = UNTIL_CLOSE;
            cl = -1;
            keepAlive = false;
            upKeepAlive = false;
        }
        if (phase == BODY) {
            keepAlive = false; // answered before the body was all read: the rest cannot be told from a next request
        }
        ByteSink h = head.clear().put(HTTP11).put(t.in, resp.s2, resp.e2 - resp.s2).put((byte) ' ')
                .put(t.in, resp.s3, resp.e3 - resp.s3).crlf();
        for (int f = 0; f < resp.count; f++) {
            int ns = resp.nameStart(f);
            int len = resp.fields[4 * f + 1] - ns;
            boolean skip = switch (len) {
                case 2 -> resp.nameIs(f, TE);
                case 7 -> resp.nameIs(f, TRAILER) || resp.nameIs(f, UPGRADE);
                case 10 -> resp.nameIs(f, CONNECTION) || resp.nameIs(f, KEEP_ALIVE);
                case 14 -> cl < 0 && resp.nameIs(f, CONTENT_LENGTH);
                case 16 -> resp.nameIs(f, PROXY_CONNECTION);
                case 18 -> resp.nameIs(f, PROXY_AUTHENTICATE) || resp.nameIs(f, TARGET_FIELD);
                default -> false;
            };
            if (!skip) {
                h.put(t.in, ns, resp.valueEnd(f) - ns).crlf();
            }
        }
        h.put(target.targetField);
        if (!keepAlive) {
            h.put(CONNECTION_CLOSE);
        }
        h.crlf();
    }

    private boolean upKeepAlive;

    private void responseComplete() {
        responseDone = true;
        targetNanos = System.nanoTime() - startNanos;
    }

    void targetEof(TargetSide t) {
        if (t != up) {
            return;
        }
        if (responseHeadSent && respMode == UNTIL_CLOSE) {
            upKeepAlive = false;
            responseComplete();
            t.close();
            if (!writing && !closed) {
                finish();
            }
            return;
        }
        targetFailed(t, new java.io.EOFException("the target closed the connection"));
    }

    void targetFailed(TargetSide t, Throwable x) {
        if (t != up) {
            return;
        }
        t.close();
        if (!responseHeadSent && t.reused && !retried && bodyMode == NONE && t.inEnd == 0) {
            // a pooled connection the target closed as we reused it: once more on a new one, as proxies do
            retried = true;
            try {
                TargetSide fresh = TargetSide.connect(loop, target);
                fresh.client = this;
                fresh.head.clear().put(t.head.a, 0, t.head.n);
                up = fresh;
                fresh.send(true, null);
                fresh.interest();
                return;
            } catch (IOException e) {
                x = e;
            }
        }
        failExchange(Failures.verdict(x));
    }

    /** The deregistration delay of this exchange's target ended. */
    void abortFor(Target t) {
        if (exchange && target == t && up != null) {
            TargetSide u = up;
            u.close();
            failExchange(Failures.verdict(new Failures.TargetDeregistered(t.id)));
        }
    }

    /**
     * Closes after the response without losing it: our side is shut first and what the client still sends is read
     * and dropped until it closes too (or 2 s pass). Closing with unread bytes would send a reset, and a reset can
     * destroy the response in the client's buffer before it reads it (nginx's lingering close).
     */
    private void lingerClose() {
        if (closed) {
            return;
        }
        try {
            ch.shutdownOutput();
        } catch (IOException e) {
            close();
            return;
        }
        lingering = true;
        lingerUntil = loop.now + 2_000_000_000L;
        readOff = false;
        inStart = 0;
        inEnd = 0;
        if (key.isValid()) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void discard() {
        try {
            inView.limit(in.length).position(0);
            if (ch.read(inView) >= 0) {
                return;
            }
        } catch (IOException e) {
            // gone: close
        }
        close();
    }

    /** Timeouts: the target's (504), the client's idle one (closed). */
    void checkTimeouts(long now) {
        if (lingering) {
            if (now - lingerUntil > 0) {
                close();
            }
            return;
        }
        if (exchange && up != null && !writing) {
            if (!up.connected) {
                if (now - up.connectStarted > ctx.connectTimeoutNanos) {
                    up.close();
                    failExchange(new Failures.Verdict(504, "target-timeout"));
                }
            } else if (now - Math.max(up.lastActivity, lastActivity) > ctx.targetTimeoutNanos) {
                up.close();
                failExchange(new Failures.Verdict(504, "target-timeout"));
            }
        } else if (now - lastActivity > ctx.clientIdleNanos && (!exchange || writing)) {
            if (exchange) {
                clientGone();
            } else {
                close();
            }
        }
    }

    /**
     * The exchange failed: the ALB's page if nothing of the response was sent yet, else the client connection is
     * cut (it has the target's status but a broken body).
     */
    private void failExchange(Failures.Verdict v) {
        long nanos = System.nanoTime() - startNanos;
        TargetSide t = up;
        up = null;
        if (t != null && !t.closed) {
            t.close();
        }
        if (v.status() == 400) {
            ctx.stats.generated(v.reason(), 400);
            endTrace(target == null ? null : target.id, 400, v.reason());
            endTarget();
            closeAfter = true;
            page(400, v.reason(), false);
            return;
        }
        if (responseHeadSent) {
            target.stats.responded(502, nanos);
            ctx.stats.generated(v.reason() + "-after-response-started", targetStatus);
            endTrace(target.id, 502, v.reason() + "-after-response-started");
            endTarget();
            close();
            return;
        }
        target.stats.responded(v.status(), nanos);
        ctx.stats.generated(v.reason(), v.status());
        endTrace(target.id, v.status(), v.reason());
        endTarget();
        if (phase == BODY) {
            closeAfter = true;
        }
        page(v.status(), v.reason(), true);
    }

    private void endTarget() {
        if (target != null && exchangeCounted) {
            target.inFlight.decrementAndGet();
            loop.exchangeEnded();
            exchangeCounted = false;
        }
    }

    private boolean exchangeCounted;

    private void endTrace(String targetId, int elbStatus, String reason) {
        if (trace != null) {
            trace.end(targetId, targetStatus, elbStatus, reason);
            trace = null;
        }
    }

    /** The exchange is done and its last bytes were accepted by the socket. */
    private void finish() {
        TargetSide t = up;
        up = null;
        target.stats.responded(targetStatus, targetNanos);
        ctx.stats.responded(targetStatus);
        endTrace(target.id, targetStatus, null);
        endTarget();
        if (t != null && !t.closed) {
            if (upKeepAlive && phase == WAIT && t.inStart == t.inEnd) {
                loop.release(t);
            } else {
                t.close();
            }
        }
        nextRequest();
    }

    private void nextRequest() {
        boolean close = closeAfter || !keepAlive;
        resetExchange();
        if (close) {
            lingerClose();
            return;
        }
        if (inStart < inEnd) {
            process();
        } else {
            interest();
        }
    }

    private void resetExchange() {
        exchange = false;
        phase = HEAD;
        up = null;
        target = null;
        trace = null;
        retried = false;
        targetStatus = 0;
        responseHeadSent = false;
        responseDone = false;
        respSearchFrom = 0;
        pageReason = null;
        closeAfter = false;
        searchFrom = inStart;
        upKeepAlive = false;
        bodyMode = NONE;
        continueOwed = false;
    }

    // ---- the ALB's own answers

    private void badRequest(String problem) {
        exchange = true;
        closeAfter = true;
        ctx.stats.generated("malformed-request", 400);
        page(400, "malformed-request", false);
    }

    private void sendInterim() {
        ByteBuffer b = ByteBuffer.wrap(CONTINUE_RESPONSE);
        try {
            ch.write(b);
        } catch (IOException e) {
            // the client is gone; its read will say so
        }
    }

    /** Answers with the ALB's page; the exchange ends when its bytes drained. */
    private void page(int status, String reason, boolean withTarget) {
        exchange = true;
        responseHeadSent = true;
        pageStatus = status;
        pageReason = reason;
        if (bodyMode != NONE && phase != WAIT) {
            closeAfter = true; // the rest of the body cannot be told from a next request
        }
        ErrorResponses.page(head.clear(), status, reason, withTarget && target != null ? target.targetField : null,
                closeAfter || !keepAlive, headRequest);
        responseDone = true;
        send(head.buffer(), null);
        if (!closed && !writing) {
            pageSent();
        }
    }

    private void pageSent() {
        nextRequest();
    }

    // ---- writing to the client

    /** Writes {@code a} then {@code b} (either may be null); what the socket does not take now waits for OP_WRITE. */
    private void send(ByteBuffer a, ByteBuffer b) {
        out[0] = a;
        out[1] = b;
        if (write()) {
            out[0] = null;
            out[1] = null;
        } else {
            writing = true;
            interest();
        }
    }

    /** True when everything queued was written, or the client is gone (then {@link #closed} says so). */
    private boolean write() {
        try {
            if (out[0] != null && out[1] != null) {
                ch.write(out);
            } else if (out[0] != null) {
                ch.write(out[0]);
            } else if (out[1] != null) {
                ch.write(out[1]);
            }
        } catch (IOException e) {
            clientGone();
            return true;
        }
        lastActivity = loop.now;
        return (out[0] == null || !out[0].hasRemaining()) && (out[1] == null || !out[1].hasRemaining());
    }

    private void flush() {
        if (!writing) {
            interest();
            return;
        }
        if (!write()) {
            return;
        }
        writing = false;
        out[0] = null;
        out[1] = null;
        if (closed) {
            return;
        }
        interest();
        if (pageReason != null) {
            pageSent();
        } else if (responseDone && exchange) {
            finish();
        } else if (up != null) {
            up.interest();
            if (up.inStart < up.inEnd) {
                targetData(up);
            }
        }
    }

    /**
     * Read interest is dropped only once a read found bytes that must wait (level-triggered epoll would otherwise
     * report them again and again), so a plain request/response costs no epoll_ctl.
     */
    private void interest() {
        if (closed || !key.isValid()) {
            return;
        }
        if (lingering) {
            return;
        }
        if (readOff && wantsClientBytes()) {
            readOff = false;
        }
        int ops = (writing ? SelectionKey.OP_WRITE : 0) | (readOff ? 0 : SelectionKey.OP_READ);
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /** The client went away (reset, closed, idle): the exchange in progress is dropped. */
    private void clientGone() {
        if (exchange && pageReason == null && target != null) {
            TargetSide t = up;
            up = null;
            if (t != null) {
                t.close();
            }
            ctx.stats.generated("client-closed-connection", 460);
            endTrace(target.id, 460, "client-gone");
            endTarget();
        }
        close();
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (exchange && up != null) {
            up.close();
            up = null;
            endTarget();
        }
        key.cancel();
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        loop.forget(this);
    }

    private String path() {
        int q = req.s2;
        while (q < req.e2 && in[q] != '?') {
            q++;
        }
        return ascii(req.s2, q);
    }

    private String ascii(int s, int e) {
        return new String(in, s, e - s, StandardCharsets.ISO_8859_1);
    }

    private static byte[] lower(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
