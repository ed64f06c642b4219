package dev.firedrill.harness.trace.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.internal.Ports;
import dev.firedrill.harness.trace.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * OTLP/HTTP on 127.0.0.1 with the JDK's own server: {@code POST /v1/traces}, {@code application/x-protobuf} or
 * {@code application/json}, optionally gzip-encoded. Answers an empty {@code ExportTraceServiceResponse} (200), 400
 * for an unreadable body, 404/405 elsewhere, 413 past {@link #MAX_BODY}, 415 for another content type.
 */
public final class OtlpReceiver implements AutoCloseable {
    static final int MAX_BODY = 16 * 1024 * 1024;
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Consumer<Span> sink;
    private final AtomicLong rejected = new AtomicLong();

    public OtlpReceiver(Consumer<Span> sink) {
        this.sink = sink;
        try {
            this.server = HttpServer.create(new InetSocketAddress(Ports.LOOPBACK, 0), 64);
        } catch (IOException e) {
            throw new ProvisioningException("traces", "could not listen on 127.0.0.1 for OTLP: " + e.getMessage(), e);
        }
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "firedrill-otlp");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public long rejectedRequests() {
        return rejected.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"/v1/traces".equals(ex.getRequestURI().getPath())) {
                reply(ex, 404, "only /v1/traces is served (OTLP/HTTP traces)");
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                reply(ex, 405, "POST an ExportTraceServiceRequest");
                return;
            }
            String type = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")).toLowerCase(Locale.ROOT);
            boolean json = type.startsWith("application/json");
            if (!json && !type.startsWith("application/x-protobuf")) {
                reply(ex, 415, "Content-Type must be application/x-protobuf or application/json, not " + type);
                return;
            }
            byte[] body = read(ex);
            if (body == null) {
                reply(ex, 413, "body over " + MAX_BODY + " bytes; export smaller batches");
                return;
            }
            try {
                if (json) {
                    OtlpJson.decode(body, sink);
                } else {
                    OtlpProto.decode(body, sink);
                }
            } catch (IOException | RuntimeException e) {
                reply(ex, 400, "unreadable OTLP request: " + e.getMessage());
                return;
            }
            ex.getResponseHeaders().set("Content-Type", json ? "application/json" : "application/x-protobuf");
            byte[] ok = json ? EMPTY_JSON : EMPTY;
            ex.sendResponseHeaders(200, ok.length == 0 ? -1 : ok.length);
            ex.getResponseBody().write(ok);
        }
    }

    private static byte[] read(HttpExchange ex) throws IOException {
        InputStream in = ex.getRequestBody();
        if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
            if (out.size() > MAX_BODY) {
                return null;
            }
        }
        return out.toByteArray();
    }

    private void reply(HttpExchange ex, int status, String message) throws IOException {
        rejected.incrementAndGet();
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
