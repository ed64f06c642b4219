package dev.firedrill.harness.lb.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread of the listener: its client connections, its pool of keep-alive connections to each target
 * (used by this thread only, so taking one needs no lock), and the timeouts of both. Other threads talk to it
 * through {@link #execute}.
 */
final class EventLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    /** What a selection key's attachment does when its channel is ready. */
    interface Handler {
        void ready(SelectionKey key);
    }

    final ProxyContext ctx;
    final Selector selector;
    final Thread thread;
    long now = System.nanoTime();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<ClientSide> clients = new ArrayList<>();
    private final Map<Target, ArrayDeque<TargetSide>> pool = new IdentityHashMap<>();
    private int inFlight;
    private long nextScan;
    private volatile boolean stopping;

    EventLoop(ProxyContext ctx, String name) throws IOException {
        this.ctx = ctx;
        this.selector = Selector.open();
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
        nextScan = now + TimeUnit.SECONDS.toNanos(1);
    }

    void start() {
        thread.start();
    }

    /** Runs {@code task} on this loop's thread. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                long waitMs = tasks.isEmpty() ? Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextScan - now) + 1) : 0;
                if (waitMs == 0) {
                    selector.selectNow(this::dispatch);
                } else {
                    selector.select(this::dispatch, waitMs);
                }
                now = System.nanoTime();
                Runnable r;
                while ((r = tasks.poll()) != null) {
                    r.run();
                }
                if (now - nextScan >= 0) {
                    scan();
                }
            }
        } catch (Throwable t) {
            if (!stopping) {
                LOG.error("ALB event loop {} failed; its connections are closed", thread.getName(), t);
            }
        } finally {
            closeAll();
        }
    }

    private void dispatch(SelectionKey k) {
        if (!k.isValid()) {
            return;
        }
        now = System.nanoTime();
        try {
            ((Handler) k.attachment()).ready(k);
        } catch (RuntimeException e) {
            LOG.warn("ALB connection failed unexpectedly; closed", e);
            Object a = k.attachment();
            if (a instanceof ClientSide c) {
                c.close();
            } else if (a instanceof TargetSide t) {
                t.close();
            }
        }
    }

    /** Takes over an accepted client connection (on this thread). */
    void adopt(SocketChannel ch) {
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
            byte[] addr = remote.getAddress().getHostAddress().getBytes(StandardCharsets.US_ASCII);
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
            ClientSide c = new ClientSide(this, ch, key, addr);
            key.attach(c);
            c.slot = clients.size();
            clients.add(c);
        } catch (IOException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    /** A pooled connection to {@code t}, or a new one (connecting). */
    TargetSide acquire(Target t) throws IOException {
        ArrayDeque<TargetSide> idle = pool.get(t);
        if (idle != null) {
            TargetSide s;
            while ((s = idle.pollLast()) != null) {
                if (!s.closed) {
                    return s;
                }
            }
        }
        return TargetSide.connect(this, t);
    }

    /** Puts a connection whose exchange ended cleanly back into its target's pool. */
    void release(TargetSide s) {
        if (s.target.retired) {
            s.close();
            return;
        }
        s.detach();
        pool.computeIfAbsent(s.target, k -> new ArrayDeque<>()).addLast(s);
    }

    void forget(ClientSide c) {
        int i = c.slot;
        if (i < 0) {
            return;
        }
        ClientSide last = clients.remove(clients.size() - 1);
        if (last != c) {
            clients.set(i, last);
            last.slot = i;
        }
        c.slot = -1;
    }

    void forget(TargetSide s) {
        ArrayDeque<TargetSide> idle = pool.get(s.target);
        if (idle != null) {
            idle.remove(s);
        }
    }

    void exchangeStarted() {
        if (inFlight++ == 0) {
            nextScan = Math.min(nextScan, now + ctx.scanNanos);
        }
    }

    void exchangeEnded() {
        inFlight--;
    }

    /** The deregistration delay of {@code t} ended: its exchanges get a 502, its pooled connections close. */
    void retire(Target t) {
        for (int i = clients.size() - 1; i >= 0; i--) {
            if (i < clients.size()) {
                clients.get(i).abortFor(t);
            }
        }
        ArrayDeque<TargetSide> idle = pool.remove(t);
        if (idle != null) {
            for (TargetSide s : new ArrayList<>(idle)) {
                s.close();
            }
        }
    }

    private void scan() {
        for (int i = clients.size() - 1; i >= 0; i--) {
            if (i < clients.size()) {
                clients.get(i).checkTimeouts(now);
            }
        }
        for (Iterator<ArrayDeque<TargetSide>> it = pool.values().iterator(); it.hasNext(); ) {
            ArrayDeque<TargetSide> idle = it.next();
            while (!idle.isEmpty() && now - idle.peekFirst().idleSince > ctx.poolIdleNanos) {
                TargetSide s = idle.pollFirst();
                s.close();
            }
            if (idle.isEmpty()) {
                it.remove();
            }
        }
        nextScan = now + (inFlight > 0 ? ctx.scanNanos : TimeUnit.SECONDS.toNanos(1));
    }

    /** Stops the loop; its thread closes every connection it owns on the way out. */
    void stop() {
        stopping = true;
        selector.wakeup();
    }

    private void closeAll() {
        for (SelectionKey k : selector.keys()) {
            try {
                k.channel().close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
