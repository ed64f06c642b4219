package dev.firedrill.perf.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A small Jetty server on 127.0.0.1 answering every request with 200 and a 3-byte body, keep-alive.
 *
 * <p>Jetty rather than the JDK HttpServer: the latter leaves Nagle on by default
 * ({@code sun.net.httpserver.nodelay=false}) and writes headers and body separately, so each response
 * waits for the client's delayed ACK (~40 ms) and every figure would measure that instead.
 */
public final class HttpTarget implements AutoCloseable {
    private static final byte[] BODY = "ok\n".getBytes(StandardCharsets.US_ASCII);
    private final Server server;
    private final ServerConnector connector;

    public HttpTarget(int maxThreads) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(Math.max(maxThreads, 4), 2);
        pool.setName("http-target");
        pool.setDaemon(true);
        server = new Server(pool);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                response.write(true, ByteBuffer.wrap(BODY), callback);
                return true;
            }
        });
        server.start();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), connector.getLocalPort());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the HTTP target on " + address(), e);
        }
    }
}
