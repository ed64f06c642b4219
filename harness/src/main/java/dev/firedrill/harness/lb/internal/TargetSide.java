package dev.firedrill.harness.lb.internal;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One keep-alive connection from the listener to a target, owned by one {@link EventLoop}: pooled there between
 * exchanges, lent to one {@link ClientSide} at a time. It sends what its client queues (a request head, then body
 * bytes, written straight from the client's buffer) and hands whatever it reads to its client.
 */
final class TargetSide implements EventLoop.Handler {
    static final int BUFFER = 32 * 1024;

    final EventLoop loop;
    final Target target;
    final SocketChannel ch;
    final SelectionKey key;
    final ByteSink head = new ByteSink(1024);
    final byte[] in = new byte[BUFFER];
    int inStart;
    int inEnd;
    private final ByteBuffer inView = ByteBuffer.wrap(in);
    /** Pending writes: {@link #head}'s buffer and a slice of the client's buffer. */
    private final ByteBuffer[] out = new ByteBuffer[2];
    private boolean writing;
    boolean connected;
    long connectStarted;
    /** Served an earlier exchange: a failure before any response byte may be a close that raced our reuse. */
    boolean reused;
    long lastActivity;
    long idleSince;
    ClientSide client;
    boolean closed;
    private boolean readOff;

    private TargetSide(EventLoop loop, Target target, SocketChannel ch, SelectionKey key) {
        this.loop = loop;
        this.target = target;
        this.ch = ch;
        this.key = key;
    }

    /** Opens a connection to {@code target}; the connect completes (or fails) on the loop. */
    static TargetSide connect(EventLoop loop, Target target) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SelectionKey key = ch.register(loop.selector, 0);
            TargetSide t = new TargetSide(loop, target, ch, key);
            key.attach(t);
            t.connectStarted = loop.now;
            t.lastActivity = loop.now;
            if (ch.connect(target.address)) {
                t.connected = true;
            } else {
                key.interestOps(SelectionKey.OP_CONNECT);
            }
            return t;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void ready(SelectionKey k) {
        int ops = k.readyOps();
        if (!connected) {
            if ((ops & SelectionKey.OP_CONNECT) != 0) {
                finishConnect();
            }
            return;
        }
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            flush();
            if (closed) {
                return;
            }
        }
        if ((ops & SelectionKey.OP_READ) != 0) {
            read();
        }
    }

    private void finishConnect() {
        try {
            ch.finishConnect();
        } catch (IOException e) {
            fail(e);
            return;
        }
        connected = true;
        lastActivity = loop.now;
        flush();
    }

    /**
     * Queues {@link #head} (when {@code withHead}) and {@code body} (may be null), writing what the socket takes now;
     * the rest waits for OP_WRITE, after which the client hears {@link ClientSide#targetDrained}. A write failure
     * reaches the client as {@link ClientSide#targetFailed}, possibly before this returns.
     */
    void send(boolean withHead, ByteBuffer body) {
        out[0] = withHead ? head.buffer() : null;
        out[1] = body;
        writing = true;
        if (connected && write()) {
            done();
        }
        interest();
    }

    /** Whether bytes queued by {@link #send} are still waiting for the socket. */
    boolean writing() {
        return writing;
    }

    /** True when all is written or the connection failed (then {@link #closed}). */
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
            fail(e);
            return true;
        }
        lastActivity = loop.now;
        return (out[0] == null || !out[0].hasRemaining()) && (out[1] == null || !out[1].hasRemaining());
    }

    private void done() {
        writing = false;
        out[0] = null;
        out[1] = null;
    }

    private void flush() {
        if (!writing) {
            interest();
            return;
        }
        if (!write()) {
            return;
        }
        done();
        if (closed) {
            return;
        }
        interest();
        if (client != null) {
            client.targetDrained(this, null);
        }
    }

    /** Reads while a client wants the response (or to notice a pooled connection closing). */
    private void read() {
        if (client != null && !client.wantsTargetBytes()) {
            readOff = true; // the client cannot take more now: read interest off until it drained
            interest();
            return;
        }
        if (inStart == inEnd) {
            inStart = 0;
            inEnd = 0;
        } else if (inEnd == in.length) {
            if (inStart == 0) {
                return; // full: the client is parsing a head this big and will fail it
            }
            System.arraycopy(in, inStart, in, 0, inEnd - inStart);
            inEnd -= inStart;
            inStart = 0;
        }
        int n;
        try {
            inView.limit(in.length).position(inEnd);
            n = ch.read(inView);
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (n == 0) {
            return;
        }
        lastActivity = loop.now;
        if (client == null) {
            // a pooled connection: the target closed it (n < 0) or sent something unasked; either way it is done
            close();
            return;
        }
        if (n < 0) {
            client.targetEof(this);
            return;
        }
        inEnd += n;
        client.targetData(this);
    }

    /**
     * The interest set: connect, or read (dropped only after a read found the client unable to take more, so the
     * usual exchange changes nothing) plus write while a write is pending.
     */
    void interest() {
        if (closed || !key.isValid()) {
            return;
        }
        int ops;
        if (!connected) {
            ops = SelectionKey.OP_CONNECT;
        } else {
            if (readOff && (client == null || client.wantsTargetBytes())) {
                readOff = false;
            }
            ops = (writing ? SelectionKey.OP_WRITE : 0) | (readOff ? 0 : SelectionKey.OP_READ);
        }
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    private void fail(IOException e) {
        ClientSide c = client;
        close();
        if (c != null) {
            c.targetFailed(this, e);
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        key.cancel();
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        loop.forget(this);
    }

    /** Makes the connection poolable: no client, nothing buffered. */
    void detach() {
        client = null;
        reused = true;
        inStart = 0;
        inEnd = 0;
        idleSince = loop.now;
        interest();
    }
}
