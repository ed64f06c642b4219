package dev.firedrill.harness.backend.embedded;

import com.sun.net.httpserver.HttpServer;
import dev.firedrill.harness.internal.Ports;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Stands in for SQS during a {@code queue-outage --mode errors}: answers every call with HTTP 500
 * and an SQS-style JSON error, as the service does when it has an internal failure.
 */
final class SqsErrorServer implements AutoCloseable {
    private static final byte[] BODY = ("{\"__type\":\"com.amazonaws.sqs#InternalError\","
            + "\"message\":\"firedrill: injected SQS outage\"}").getBytes(StandardCharsets.UTF_8);
    private final HttpServer server;

    SqsErrorServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(Ports.LOOPBACK, 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            ex.getResponseHeaders().add("x-amzn-query-error", "InternalError;Receiver");
            ex.sendResponseHeaders(500, BODY.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(BODY);
            }
        });
        server.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(Ports.LOOPBACK, server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
