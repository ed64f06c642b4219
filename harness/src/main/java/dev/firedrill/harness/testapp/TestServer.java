package dev.firedrill.harness.testapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.Executors;

/**
 * A tiny app that follows the env contract, for smoke tests and benchmarks of a topology that must not depend on
 * the reference app (harness tests, perf's UpBenchmark): {@code GET /health} → 200, {@code GET /} → its instance id, {@code GET /db/writer} and
 * {@code /db/reader} → {@code SELECT pg_is_in_recovery()} through the endpoints, and with {@code DEBUG_ENDPOINTS=true}
 * the reference app's {@code GET /debug/sleep?ms=} (the workload's {@code slow} operation).
 */
public final class TestServer {
    private TestServer() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv("PORT"));
        String id = System.getenv().getOrDefault("INSTANCE_ID", "test");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/health", ex -> reply(ex, 200, "ok", id));
        server.createContext("/db/", ex -> {
            String which = ex.getRequestURI().getPath().endsWith("reader") ? "DB_READER_URL" : "DB_WRITER_URL";
            try (Connection c = DriverManager.getConnection(System.getenv(which), System.getenv("DB_USER"),
                    System.getenv("DB_PASSWORD")); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select pg_is_in_recovery()")) {
                rs.next();
                reply(ex, 200, "in_recovery=" + rs.getBoolean(1), id);
            } catch (Exception e) {
                reply(ex, 503, e.toString(), id);
            }
        });
        if ("true".equals(System.getenv("DEBUG_ENDPOINTS"))) {
            server.createContext("/debug/sleep", ex -> sleep(ex, id));
        }
        server.createContext("/", ex -> reply(ex, 200, id + " " + System.getenv("AZ"), id));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
    }

    /** As the reference app's: holds the request for {@code ?ms=} (0..60000), then 200 {@code {"slept":ms}}. */
    private static void sleep(HttpExchange ex, String id) throws IOException {
        String q = ex.getRequestURI().getQuery();
        long ms;
        try {
            ms = q != null && q.startsWith("ms=") ? Long.parseLong(q.substring(3)) : -1;
        } catch (NumberFormatException e) {
            ms = -1;
        }
        if (ms < 0 || ms > 60_000) {
            reply(ex, 400, "ms must be in 0..60000", id);
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reply(ex, 200, "{\"slept\":" + ms + "}", id);
    }

    private static void reply(HttpExchange ex, int status, String body, String id) throws IOException {
        byte[] b = (body + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("X-Instance-Id", id);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }
}
