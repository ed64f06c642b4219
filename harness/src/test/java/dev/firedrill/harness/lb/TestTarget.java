package dev.firedrill.harness.lb;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real HTTP target on 127.0.0.1: {@code /health} answers {@link #healthStatus}; {@code /slow} waits
 * for {@link #release()}; {@code /hang} never answers; {@code /echo} returns the request body; anything
 * else answers 200 with the target id. {@code /fixed} declares a Content-Length and writes its body in two parts,
 * {@code /chunked} writes two parts without one (chunked). Request headers come back as {@code Echo-<name>}.
 */
final class TestTarget implements AutoCloseable {
    final String id;
    final AtomicInteger healthStatus = new AtomicInteger(200);
    final AtomicInteger served = new AtomicInteger();
    private final Server server;
    private final ServerConnector connector;
    private final int port;
    private volatile CountDownLatch slowGate = new CountDownLatch(1);
    private final CountDownLatch hangGate = new CountDownLatch(1);

    TestTarget(String id) throws Exception {
        this(id, 30_000);
    }

    /** A target that closes a keep-alive connection idle for {@code idleTimeoutMs}. */
    TestTarget(String id, long idleTimeoutMs) throws Exception {
        this.id = id;
        QueuedThreadPool pool = new QueuedThreadPool(32, 2);
        pool.setName("test-target-" + id);
        pool.setDaemon(true);
        server = new Server(pool);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setIdleTimeout(idleTimeoutMs);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request req, Response resp, Callback cb) throws Exception {
                return serve(req, resp, cb);
            }
        });
        server.start();
        port = connector.getLocalPort();
    }

    private boolean serve(Request req, Response resp, Callback cb) throws Exception {
        String path = Request.getPathInContext(req);
        if (path.equals("/health")) {
            resp.setStatus(healthStatus.get());
            resp.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.UTF_8)), cb);
            return true;
        }
        served.incrementAndGet();
        req.getHeaders().forEach(f -> resp.getHeaders().add("Echo-" + f.getName(), f.getValue()));
        switch (path) {
            case "/slow" -> slowGate.await(30, TimeUnit.SECONDS);
            case "/hang" -> hangGate.await(30, TimeUnit.SECONDS);
            case "/status" -> {
                // answers the status given in ?code=, e.g. 401 or 302, with a small body
                int code = Integer.parseInt(req.getHttpURI().getQuery().replace("code=", ""));
                resp.setStatus(code);
                if (code / 100 == 3) {
                    resp.getHeaders().put(HttpHeader.LOCATION, "/elsewhere");
                }
                resp.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                resp.write(true, ByteBuffer.wrap(("{\"code\":" + code + "}").getBytes(StandardCharsets.UTF_8)), cb);
                return true;
            }
            case "/fixed" -> {
                // a declared length, the body in two writes: the length is the target's, not computed downstream
                byte[] body = ("fixed-" + id).getBytes(StandardCharsets.UTF_8);
                resp.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                resp.write(false, ByteBuffer.wrap(body, 0, 3), Callback.from(() -> resp.write(true,
                        ByteBuffer.wrap(body, 3, body.length - 3), cb), cb::failed));
                return true;
            }
            case "/chunked" -> {
                // no length and two writes: Jetty frames it chunked
                byte[] body = ("chunked-" + id).getBytes(StandardCharsets.UTF_8);
                resp.write(false, ByteBuffer.wrap(body, 0, 4), Callback.from(() -> resp.write(true,
                        ByteBuffer.wrap(body, 4, body.length - 4), cb), cb::failed));
                return true;
            }
            case "/big" -> {
                // ?n= bytes of a repeating pattern, declared length, written in 64 KB pieces
                int n = Integer.parseInt(req.getHttpURI().getQuery().replace("n=", ""));
                resp.getHeaders().put(HttpHeader.CONTENT_LENGTH, n);
                try (java.io.OutputStream out = Content.Sink.asOutputStream(resp)) {
                    byte[] piece = new byte[64 * 1024];
                    for (int i = 0; i < piece.length; i++) {
                        piece[i] = (byte) ('a' + i % 26);
                    }
                    for (int left = n; left > 0; left -= piece.length) {
                        out.write(piece, 0, Math.min(left, piece.length));
                    }
                }
                cb.succeeded();
                return true;
            }
            case "/echo" -> {
                String body = Content.Source.asString(req, StandardCharsets.UTF_8);
                resp.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                resp.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), cb);
                return true;
            }
            default -> {
            }
        }
        resp.write(true, ByteBuffer.wrap(id.getBytes(StandardCharsets.UTF_8)), cb);
        return true;
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** Lets every waiting {@code /slow} request finish; later ones wait again. */
    void release() {
        CountDownLatch g = slowGate;
        slowGate = new CountDownLatch(1);
        g.countDown();
    }

    /** Stops the server: connections are refused from now on, like a crashed instance. */
    void stop() throws Exception {
        hangGate.countDown();
        slowGate.countDown();
        server.stop();
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
