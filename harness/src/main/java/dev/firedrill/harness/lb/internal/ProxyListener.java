package dev.firedrill.harness.lb.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The listener's sockets: one server socket, accepted by the first {@link EventLoop} and handed to the loops in
 * turn. One loop per core (at most {@code firedrill.alb.loops}, default the number of processors, at most 4): each
 * connection stays on one thread from accept to close, as nginx's workers do.
 */
final class ProxyListener implements AutoCloseable {
    private final ServerSocketChannel server;
    private final EventLoop[] loops;
    private int next;

    private ProxyListener(ServerSocketChannel server, EventLoop[] loops) {
        this.server = server;
        this.loops = loops;
    }

    static ProxyListener open(InetAddress host, int port, ProxyContext ctx) throws IOException {
        int n = Integer.getInteger("firedrill.alb.loops", Math.min(4, Runtime.getRuntime().availableProcessors()));
        ServerSocketChannel server = ServerSocketChannel.open();
        EventLoop[] loops = new EventLoop[Math.max(1, n)];
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(host, port), 1024);
            server.configureBlocking(false);
            ctx.listenPort(((InetSocketAddress) server.getLocalAddress()).getPort());
            for (int i = 0; i < loops.length; i++) {
                loops[i] = new EventLoop(ctx, "firedrill-alb-" + i);
            }
        } catch (IOException | RuntimeException e) {
            server.close();
            for (EventLoop l : loops) {
                if (l != null) {
                    l.selector.close();
                }
            }
            throw e;
        }
        ProxyListener listener = new ProxyListener(server, loops);
        server.register(loops[0].selector, SelectionKey.OP_ACCEPT, (EventLoop.Handler) k -> listener.accept());
        for (EventLoop l : loops) {
            l.start();
        }
        return listener;
    }

    int port() {
        return server.socket().getLocalPort();
    }

    /** On loop 0: accepts what is pending and deals the connections out to the loops in turn. */
    private void accept() {
        for (int i = 0; i < 64; i++) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                return; // e.g. out of file descriptors: the next readiness retries
            }
            if (ch == null) {
                return;
            }
            EventLoop l = loops[next++ % loops.length];
            if (l == loops[0]) {
                l.adopt(ch);
            } else {
                l.execute(() -> l.adopt(ch));
            }
        }
    }

    /** Ends the exchanges still in flight to {@code t} (502) and closes its pooled connections, on every loop. */
    void retire(Target t) {
        t.retired = true;
        for (EventLoop l : loops) {
            l.execute(() -> l.retire(t));
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (EventLoop l : loops) {
            l.stop();
        }
        for (EventLoop l : loops) {
            try {
                l.thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
