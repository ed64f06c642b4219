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

    Connection(ProxyLink link, SocketChannel client, long seed) {
        this.link = link;
        this.clientChannel = client;
        this.client = client.socket();
        this.clientAddress = (InetSocketAddress) this.client.getRemoteSocketAddress();
        this.seed = seed;
    }

    /** Connects upstream and starts both pumps (on a new thread: the accept loop never waits). */
    void start(InetSocketAddress upstream) {
        Thread t = new Thread(() -> runUpstream(upstream), "link-" + link.name() + "-up-" + clientAddress.getPort());
        t.setDaemon(true);
        t.start();
    }

    /** Accepted while blackholed: read and discard until the client gives up or the block lifts. */
    void hold() {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                while (client.getInputStream().read(buf) >= 0) {
                    // dropped on the floor, like packets behind a deny rule
                }
                close("client closed while blackholed", false);
            } catch (IOException e) {
                close("client gone while blackholed", false);
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
            close("upstream " + upstream + " unreachable: " + e.getMessage(), true);
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
                    close("timeout toxic '" + t.name() + "'", false);
                }
            }, t.timeout(), TimeUnit.MILLISECONDS));
        }
    }

    /** A pump saw end of stream and propagated it; the connection ends when both directions have. */
    void halfClosed() {
        if (halfClosed.incrementAndGet() == 2) {
            close("closed by both peers", false);
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
        link.closed(this, reason);
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
