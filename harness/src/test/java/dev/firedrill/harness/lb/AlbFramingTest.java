package dev.firedrill.harness.lb;

import static dev.firedrill.harness.lb.AlbTestSupport.awaitState;
import static dev.firedrill.harness.lb.AlbTestSupport.fastConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ALB relays a target's framing as AWS does: a response with a Content-Length keeps it (no chunked
 * re-encoding, which would add a write and hide the length from the client), a chunked one stays chunked. Read off
 * the wire with a raw socket, since an HTTP client hides the framing.
 */
class AlbFramingTest {
    TestTarget target;
    AlbSimulator alb;

    @BeforeEach
    void start() throws Exception {
        target = new TestTarget("t1");
        alb = AlbSimulator.start(fastConfig().build());
        alb.register(target.id, target.address(), "us-east-1a");
        awaitState(alb, target.id, TargetState.HEALTHY);
    }

    @AfterEach
    void stop() throws Exception {
        alb.close();
        target.close();
    }

    /**
     * The raw response (status line, headers, body) to one keep-alive request, read until its framing says it is
     * complete: the Content-Length's bytes, the last chunk, or nothing after the headers of a HEAD. (With
     * {@code Connection: close} a server may frame a response by closing instead of chunking it.)
     */
    String raw(String method, String path) throws Exception {
        URI u = alb.url();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + u.getHost() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (true) {
                String r = all.toString(StandardCharsets.ISO_8859_1);
                int end = r.indexOf("\r\n\r\n");
                if (end >= 0) {
                    String h = r.substring(0, end).toLowerCase(Locale.ROOT);
                    String b = r.substring(end + 4);
                    java.util.regex.Matcher cl = java.util.regex.Pattern.compile("content-length: (\\d+)").matcher(h);
                    if (method.equals("HEAD") || (cl.find() && b.length() >= Integer.parseInt(cl.group(1)))
                            || (h.contains("transfer-encoding: chunked") && b.endsWith("0\r\n\r\n"))) {
                        return r;
                    }
                }
                int n = in.read(buf);
                if (n < 0) {
                    return all.toString(StandardCharsets.ISO_8859_1);
                }
                all.write(buf, 0, n);
            }
        }
    }

    static String headers(String response) {
        return response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
    }

    static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void aDeclaredContentLengthIsKept() throws Exception {
        String r = raw("GET", "/fixed");
        assertThat(r).startsWith("HTTP/1.1 200");
        assertThat(headers(r)).contains("content-length: " + "fixed-t1".length()).doesNotContain("transfer-encoding");
        assertThat(body(r)).isEqualTo("fixed-t1");
    }

    @Test
    void aChunkedResponseStaysChunked() throws Exception {
        String r = raw("GET", "/chunked");
        assertThat(r).startsWith("HTTP/1.1 200");
        assertThat(headers(r)).contains("transfer-encoding: chunked").doesNotContain("content-length");
        assertThat(body(r)).contains("chun").contains("ked-t1").endsWith("0\r\n\r\n");
    }

    @Test
    void aHeadKeepsTheLengthAndSendsNoBody() throws Exception {
        String r = raw("HEAD", "/fixed");
        assertThat(headers(r)).contains("content-length: " + "fixed-t1".length());
        assertThat(body(r)).isEmpty();
    }

    @Test
    void theClientsAcceptEncodingOrNoneReachesTheTarget() throws Exception {
        // the target echoes request headers as Echo-<name>: the ALB adds no Accept-Encoding of its own
        assertThat(headers(raw("GET", "/x"))).doesNotContain("echo-accept-encoding");
    }
}
