package dev.firedrill.harness.net.internal;

import dev.firedrill.harness.net.TimeoutToxic;
import dev.firedrill.harness.net.Toxic;
import dev.firedrill.harness.net.ToxicStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** One client connection through a link: the client socket, its upstream socket and two pumps. */
final class Connection {
    private static final ActiveToxic[] NONE = new ActiveToxic[0];
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final String LOOPBACK = "127.0.0.1";

    final ProxyLink link;
    final Socket client;
    private final SocketChannel clientChannel;
    final InetSocketAddress clientAddress;
    private volatile Socket server;
    private final long seed;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger halfClosed = new AtomicInteger();
    private Map<String, ActiveToxic> active = new LinkedHashMap<>();
    private volatile ActiveToxic[] upChain = NONE;
    private volatile ActiveToxic[] downChain = NONE;
    // the flow record's figures; each counter has one writer (its direction's pump, or the hold thread)
    final long startEpochNanos = FlowClock.epochNanos();
    private volatile long bytesUp;
    private volatile long bytesDown;
    private volatile long readsUp;
    private volatile long readsDown;
    private volatile InetSocketAddress upstream;
    /** Why the link refused it (a REJECT record), or null: it was relayed. */
    private volatile String rejectedBy;
    /** The block that dropped data of this relayed connection, or null. */
    private volatile String droppedBy;
    /** Who ended the connection first ("closed by client" or "closed by server"), or null. */
    private volatile String firstClose;

    Connection(ProxyLink link, SocketChannel client, long seed) {
        this.link = link;
        this.clientChannel = client;
        this.client = client.socket();
        this.clientAddress = (InetSocketAddress) this.client.getRemoteSocketAddress();
        this.seed = seed;
    }

    /** Counts a read of {@code n} bytes on {@code stream}'s side; called by that side's only reader. */
    void relayed(ToxicStream stream, int n) {
        if (stream == ToxicStream.UPSTREAM) {
            bytesUp += n;
            readsUp++;
        } else {
            bytesDown += n;
            readsDown++;
        }
    }

    /** Marks the connection refused by {@code reason} (a REJECT record) before it is held or closed. */
    void rejected(String reason, InetSocketAddress wouldHaveGone) {
        rejectedBy = reason;
        upstream = wouldHaveGone;
    }

    /** The link's block dropped this relayed connection's data; the first block is kept (built once, not per read). */
    void dropped() {
        if (droppedBy == null) {
            droppedBy = link.blockReason("dropped");
        }
    }

    /** The connection's flow record as of now; {@code endEpochNanos} 0 and {@code endReason} null while open. */
    dev.firedrill.harness.net.FlowRecord flow(long endEpochNanos, String endReason) {
        InetSocketAddress dst = upstream;
        String reason;
        if (rejectedBy != null) {
            reason = rejectedBy;
        } else if (droppedBy != null) {
            reason = endReason == null ? droppedBy : droppedBy + "; then " + endReason;
        } else {
            reason = endReason;
        }
        return new dev.firedrill.harness.net.FlowRecord(link.name(), link.edge(), host(clientAddress),
                clientAddress.getPort(), dst == null ? null : host(dst), dst == null ? 0 : dst.getPort(),
                readsUp + readsDown, bytesUp + bytesDown, startEpochNanos, endEpochNanos,
                rejectedBy != null ? "REJECT" : "ACCEPT", reason);
    }

    private static String host(InetSocketAddress a) {
        String h = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return h.equals(LOOPBACK) ? LOOPBACK : h; // up to 100k records are kept: share the common string
    }

    /** Connects upstream and starts both pumps (on a new thread: the accept loop never waits). */
    void start(InetSocketAddress upstream) {
        this.upstream = upstream;
        Thread t = new Thread(() -> runUpstream(upstream), "link-" + link.name() + "-up-" + clientAddress.getPort());
        t.setDaemon(true);
        t.start();
    }

    /** Accepted while blackholed: read and discard until the client gives up or the block lifts. */
    void hold() {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = client.getInputStream().read(buf)) >= 0) {
                    relayed(ToxicStream.UPSTREAM, n); // dropped on the floor, like packets behind a deny rule
                }
                close("closed by client", false);
            } catch (IOException e) {
                close("reset by client", false);
            }
        }, "link-" + link.name() + "-hold-" + clientAddress.getPort());
        t.setDaemon(true);
        t.start();
    }

    boolean isHeld() {
        return server == null;
    }

    private void runUpstream(InetSocketAddress upstream) {
        SocketChannel ch;
        Socket s;
        try {
            ch = SocketChannel.open();
            s = ch.socket();
        } catch (IOException e) {
            close("cannot open a socket: " + e.getMessage(), true);
            return;
        }
        try {
            s.setTcpNoDelay(true);
            s.connect(upstream, CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            closeQuietly(s);
            link.log().debug("link '{}': upstream {} unreachable: {}", link.name(), upstream, e.toString());
            String to = upstream.getHostString() + ":" + upstream.getPort();
            close(e instanceof java.net.ConnectException ? "upstream refused: " + to + " (" + e.getMessage() + ")"
                    : e instanceof java.net.SocketTimeoutException ? "upstream connect timed out: " + to + " after "
                    + CONNECT_TIMEOUT_MS + " ms" : "upstream unreachable: " + to + " (" + e.getMessage() + ")", true);
            return;
        }
        server = s;
        if (closed.get()) {
            closeQuietly(s);
            return;
        }
        link.opened(this, upstream);
        try {
            Pump down = new Pump(this, ToxicStream.DOWNSTREAM, ch, clientChannel, new SplittableRandom(seed + 1));
            Thread t = new Thread(down, "link-" + link.name() + "-down-" + clientAddress.getPort());
            t.setDaemon(true);
            t.start();
            new Pump(this, ToxicStream.UPSTREAM, clientChannel, ch, new SplittableRandom(seed)).run();
        } catch (RuntimeException e) {
            close("internal error: " + e, true);
            throw e;
        }
    }

    ActiveToxic[] chain(ToxicStream stream) {
        return stream == ToxicStream.UPSTREAM ? upChain : downChain;
    }

    /** Applies the link's current toxic list to this connection (new toxics roll their toxicity). */
    synchronized void syncToxics(List<Toxic> toxics) {
        if (closed.get()) {
            return;
        }
        Map<String, ActiveToxic> next = new LinkedHashMap<>();
        for (Toxic t : toxics) {
            ActiveToxic old = active.get(t.name());
            ActiveToxic at;
            if (old != null && old.toxic.equals(t)) {
                at = old;
            } else if (old != null && old.toxic.getClass() == t.getClass() && old.toxic.stream() == t.stream()
                    && old.toxic.toxicity() == t.toxicity()) {
                at = old.updatedTo(t);
                activate(at);
            } else {
                at = new ActiveToxic(t, link.roll(t.toxicity()));
                activate(at);
            }
            next.put(t.name(), at);
        }
        for (ActiveToxic old : active.values()) {
            if (next.get(old.toxic.name()) != old) {
                old.deactivate();
            }
        }
        active = next;
        List<ActiveToxic> up = new ArrayList<>();
        List<ActiveToxic> down = new ArrayList<>();
        for (ActiveToxic at : next.values()) {
            if (at.applies) {
                (at.toxic.stream() == ToxicStream.UPSTREAM ? up : down).add(at);
            }
        }
        upChain = up.toArray(NONE);
        downChain = down.toArray(NONE);
    }

    private void activate(ActiveToxic at) {
        if (at.applies && at.toxic instanceof TimeoutToxic t && t.timeout() > 0) {
            at.timer(link.timer().schedule(() -> {
                if (!at.removed()) {
                    close(link.byToxic(t.name(), "timed out by timeout toxic '" + t.name() + "' after "
                            + t.timeout() + " ms"), false);
                }
            }, t.timeout(), TimeUnit.MILLISECONDS));
        }
    }

    /**
     * A pump saw end of stream on {@code stream}'s source, before passing it on (after that, the other side's close
     * may be seen first): whoever closed first ended the connection.
     */
    void endSeen(ToxicStream stream) {
        if (firstClose == null) {
            firstClose = stream == ToxicStream.UPSTREAM ? "closed by client" : "closed by server";
        }
    }

    /** A pump propagated end of stream; the connection ends when both directions have. */
    void halfClosed() {
        if (halfClosed.incrementAndGet() == 2) {
            close(firstClose, false);
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Closes both sockets once; {@code reset} sends a TCP RST instead of a FIN. */
    void close(String reason, boolean reset) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            active.values().forEach(ActiveToxic::deactivate);
            upChain = NONE;
            downChain = NONE;
        }
        Socket s = server;
        if (reset) {
            abortive(client);
            abortive(s);
        }
        closeQuietly(client);
        closeQuietly(s);
        link.closed(this, reason, FlowClock.epochNanos());
    }

    private static void abortive(Socket s) {
        if (s != null) {
            try {
                s.setSoLinger(true, 0);
            } catch (IOException e) {
                // already closed: nothing to reset
            }
        }
    }

    static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing is best effort
            }
        }
    }
}
