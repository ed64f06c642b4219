package dev.firedrill.harness.backend.containers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A minimal HTTP/1.0 client for the Docker engine's API on its Unix socket, with a deadline on every call. The
 * preflight (is an engine there, may we use it), the reaper and the stale-run sweep use it: they must answer in
 * seconds and must not depend on Testcontainers' client discovery, which waits and retries.
 */
final class DockerSocket {
    /** An answer: the HTTP status and the body. */
    record Response(int status, String body) {
    }

    private final Path socket;

    DockerSocket(Path socket) {
        this.socket = socket;
    }

    /**
     * The engine's socket: {@code DOCKER_HOST} when it is {@code unix://…}, else {@code /var/run/docker.sock}; null when
     * {@code DOCKER_HOST} names a TCP engine (then only Testcontainers' client is used).
     */
    static Path defaultSocket() {
        String host = System.getenv("DOCKER_HOST");
        if (host == null || host.isBlank()) {
            return Path.of("/var/run/docker.sock");
        }
        return host.startsWith("unix://") ? Path.of(host.substring("unix://".length())) : null;
    }

    Path path() {
        return socket;
    }

    boolean exists() {
        return Files.exists(socket);
    }

    Response get(String path, Duration timeout) throws IOException {
        return call("GET", path, null, timeout);
    }

    Response delete(String path, Duration timeout) throws IOException {
        return call("DELETE", path, null, timeout);
    }

    Response post(String path, String json, Duration timeout) throws IOException {
        return call("POST", path, json, timeout);
    }

    /** One request on a fresh connection; HTTP/1.0 so the engine answers without chunking and closes. */
    Response call(String method, String path, String json, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX); Selector sel = Selector.open()) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.0\r\nHost: docker\r\n"
                    + (json == null ? "" : "Content-Type: application/json\r\n")
                    + "Content-Length: " + body.length + "\r\n\r\n";
            ByteBuffer out = ByteBuffer.allocate(head.length() + body.length);
            out.put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ch.configureBlocking(false);
            ch.register(sel, SelectionKey.OP_READ);
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(16_384);
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new IOException("the Docker engine did not answer " + method + " " + path + " within "
                            + timeout.toMillis() + " ms");
                }
                sel.select(left);
                sel.selectedKeys().clear();
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) {
                    break;
                }
                in.write(buf.array(), 0, n);
            }
            String all = in.toString(StandardCharsets.UTF_8);
            int sp = all.indexOf(' ');
            int split = all.indexOf("\r\n\r\n");
            if (sp < 0 || split < 0) {
                throw new IOException("the Docker engine sent no HTTP answer to " + method + " " + path);
            }
            return new Response(Integer.parseInt(all.substring(sp + 1, sp + 4)), all.substring(split + 4));
        }
    }
}
