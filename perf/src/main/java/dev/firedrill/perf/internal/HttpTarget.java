package dev.firedrill.perf.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A small JDK HttpServer on 127.0.0.1 answering every GET with 200 and a 3-byte body, keep-alive. */
public final class HttpTarget implements AutoCloseable {
    private static final byte[] BODY = "ok\n".getBytes(StandardCharsets.US_ASCII);
    private final HttpServer server;
    private final ExecutorService pool;

    public HttpTarget(int threads) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "http-target");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", HttpTarget::reply);
        server.start();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getAddress().getPort());
    }

    private static void reply(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        ex.sendResponseHeaders(200, BODY.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(BODY);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
