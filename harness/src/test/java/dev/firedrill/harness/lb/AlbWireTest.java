package dev.firedrill.harness.lb;

import static dev.firedrill.harness.lb.AlbTestSupport.awaitState;
import static dev.firedrill.harness.lb.AlbTestSupport.fastConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The listener's HTTP/1.1 on the wire, read and written with raw sockets (an HTTP client would hide it):
 * keep-alive and pipelining, request bodies in both framings, 100-continue, HTTP/1.0, malformed requests, a large
 * response through a slow reader, a client that leaves mid-response, and pooled connections the target closed.
 */
class AlbWireTest {
    TestTarget target;
    AlbSimulator alb;

    void start(TestTarget t) {
        target = t;
        alb = AlbSimulator.start(fastConfig().build());
        alb.register(t.id, t.address(), "us-east-1a");
        awaitState(alb, t.id, TargetState.HEALTHY);
    }

    @AfterEach
    void stop() throws Exception {
        if (alb != null) {
            alb.close();
        }
        if (target != null) {
            target.close();
        }
    }

    Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", alb.port()), 5_000);
        s.setSoTimeout(10_000);
        return s;
    }

    static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** One response read off the stream by its framing (Content-Length or chunks); null at EOF before a byte. */
    static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            if ((c = in.read()) < 0) {
                return head.size() == 0 ? null : new Response(head.toString(StandardCharsets.ISO_8859_1), "");
            }
            head.write(c);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        String lower = h.toLowerCase(Locale.ROOT);
        Matcher cl = Pattern.compile("\r\ncontent-length: (\\d+)").matcher(lower);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (lower.contains("\r\ntransfer-encoding: chunked")) { // not the target's Echo-Transfer-Encoding
            while (true) {
                String size = line(in);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    line(in);
                    break;
                }
                body.write(in.readNBytes(n));
                line(in);
            }
        } else if (cl.find()) {
            body.write(in.readNBytes(Integer.parseInt(cl.group(1))));
        }
        return new Response(h, body.toString(StandardCharsets.ISO_8859_1));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    record Response(String head, String body) {
        int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        String lowerHead() {
            return head.toLowerCase(Locale.ROOT);
        }
    }

    @Test
    void pipelinedRequestsOnOneConnectionAreAnsweredInOrder() throws Exception {
        start(new TestTarget("t1"));
        try (Socket s = connect()) {
            send(s, "GET /status?code=201 HTTP/1.1\r\nHost: x\r\n\r\nGET /status?code=202 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /fixed HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = s.getInputStream();
            assertThat(read(in).status()).isEqualTo(201);
            assertThat(read(in).status()).isEqualTo(202);
            Response third = read(in);
            assertThat(third.status()).isEqualTo(200);
            assertThat(third.body()).isEqualTo("fixed-t1");
        }
    }

    @Test
    void requestBodiesReachTheTargetInBothFramings() throws Exception {
        start(new TestTarget("t1"));
        try (Socket s = connect()) {
            send(s, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world");
            assertThat(read(s.getInputStream()).body()).isEqualTo("hello world");
            send(s, "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
            Thread.sleep(50); // the rest in a later packet
            send(s, "6;ext=1\r\n world\r\n0\r\n\r\n");
            assertThat(read(s.getInputStream()).body()).isEqualTo("hello world");
        }
    }

    @Test
    void expectContinueIsAnsweredByTheListenerThenTheBodyIsForwarded() throws Exception {
        start(new TestTarget("t1"));
        try (Socket s = connect()) {
            send(s, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            Response interim = read(s.getInputStream());
            assertThat(interim.status()).isEqualTo(100);
            send(s, "ping");
            Response r = read(s.getInputStream());
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("ping");
            assertThat(r.lowerHead()).as("the target never saw the Expect").doesNotContain("echo-expect");
        }
    }

    @Test
    void anHttp10RequestWithoutKeepAliveGetsItsAnswerAndTheConnectionCloses() throws Exception {
        start(new TestTarget("t1"));
        try (Socket s = connect()) {
            send(s, "GET /fixed HTTP/1.0\r\n\r\n");
            Response r = read(s.getInputStream());
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("fixed-t1");
            assertThat(r.lowerHead()).contains("connection: close").contains("echo-host: 127.0.0.1:");
            assertThat(s.getInputStream().read()).as("closed after the response").isEqualTo(-1);
        }
    }

    @Test
    void aMalformedRequestGetsA400AndTheConnectionCloses() throws Exception {
        start(new TestTarget("t1"));
        for (String bad : new String[] {"GET /\r\n\r\n", "GET / HTTP/1.1\r\nHost : x\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
                "GET / HTTP/1.1\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n"}) {
            try (Socket s = connect()) {
                send(s, bad);
                Response r = read(s.getInputStream());
                assertThat(r.status()).as("%s...", bad.substring(0, Math.min(40, bad.length()))).isEqualTo(400);
                assertThat(r.lowerHead()).contains("x-firedrill-lb-error: malformed-request").contains("server: awselb/2.0");
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
        }
        assertThat(target.served.get()).as("nothing malformed reached the target").isZero();
    }

    @Test
    void aLargeResponseReachesASlowReaderIntact() throws Exception {
        start(new TestTarget("t1"));
        int n = 8 * 1024 * 1024;
        try (Socket s = connect()) {
            s.setReceiveBufferSize(16 * 1024);
            send(s, "GET /big?n=" + n + " HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = s.getInputStream();
            Thread.sleep(300); // the listener has to stop reading the target until this reader catches up
            Response r = read(in);
            assertThat(r.lowerHead()).contains("content-length: " + n);
            assertThat(r.body()).hasSize(n);
            for (int i = 0; i < n; i += 4099) {
                assertThat(r.body().charAt(i)).isEqualTo((char) ('a' + (i % (64 * 1024)) % 26));
            }
            send(s, "GET /fixed HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(read(in).body()).as("the connection is still good").isEqualTo("fixed-t1");
        }
    }

    @Test
    void aClientLeavingMidResponseIsCountedAndTheListenerCarriesOn() throws Exception {
        start(new TestTarget("t1"));
        try (Socket s = connect()) {
            s.setReceiveBufferSize(8 * 1024);
            send(s, "GET /big?n=" + (32 * 1024 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            s.getInputStream().readNBytes(1000);
            s.setSoLinger(true, 0);
        }
        Await.until("the client's departure counted", Duration.ofSeconds(10),
                () -> Long.valueOf(1L).equals(alb.stats().errorsByReason().get("client-closed-connection")),
                () -> alb.stats().errorsByReason());
        assertThat(AlbTestSupport.get(alb, "/fixed").body()).isEqualTo("fixed-t1");
    }

    @Test
    void aPooledConnectionTheTargetClosedIsNotUsedAgain() throws Exception {
        start(new TestTarget("t1", 100));
        for (int i = 0; i < 5; i++) {
            assertThat(AlbTestSupport.get(alb, "/fixed").statusCode()).as("request %d", i).isEqualTo(200);
            Thread.sleep(150 + 20 * i); // the target closes its idle keep-alive connections after 100 ms
        }
        assertThat(alb.stats().errorsByReason()).isEmpty();
    }
}
