package dev.firedrill.perf.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP server on 127.0.0.1 with one thread per connection that either echoes every byte back or, as a
 * sink, reads and discards (into a direct buffer: no copy into the heap). The same server stands behind the direct and the linked path of a benchmark,
 * so the only difference between the two is the link.
 */
public final class EchoServer implements AutoCloseable {
    private final ServerSocket server;
    private final boolean echo;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    private EchoServer(boolean echo) throws IOException {
        this.echo = echo;
        // from a channel, so that the sink can read into a direct buffer (no copy into the Java heap)
        this.server = java.nio.channels.ServerSocketChannel.open().socket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        Thread t = new Thread(this::acceptLoop, echo ? "echo-accept" : "sink-accept");
        t.setDaemon(true);
        t.start();
    }

    /** Echoes what it reads. */
    public static EchoServer echo() throws IOException {
        return new EchoServer(true);
    }

    /** Discards what it reads. */
    public static EchoServer sink() throws IOException {
        return new EchoServer(false);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), echo ? "echo-conn" : "sink-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        if (!echo) {
            // the sink must be faster than any path it measures: read straight into a direct buffer
            java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(256 * 1024);
            try (s; java.nio.channels.SocketChannel ch = s.getChannel()) {
                while (ch.read(direct) >= 0) {
                    direct.clear();
                }
            } catch (IOException e) {
                // the client went away
            } finally {
                sockets.remove(s);
            }
            return;
        }
        byte[] buf = new byte[64 * 1024];
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (echo) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            sockets.remove(s);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
