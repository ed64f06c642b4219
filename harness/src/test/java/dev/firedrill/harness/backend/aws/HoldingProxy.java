package dev.firedrill.harness.backend.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP forwarder on a free loopback port in front of an HTTP endpoint (moto), passing every byte through
 * unchanged (headers, bodies and so SigV4 signatures stay intact), that holds back the answer to the first request
 * containing a marker, e.g. {@code Action=CreateStack} (CloudFormation's query protocol puts the action in the form
 * body), for a while. moto creates a stack in about a second; held, the creation lasts long enough for a test to
 * signal the harness while it is provably inside {@code CreateStack}. HTTP/1.1 clients send nothing more on a
 * connection before its answer, so the next bytes back on that connection are that answer.
 */
public final class HoldingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final URI target;
    private final byte[] marker;
    private final Duration hold;
    private final AtomicBoolean holding = new AtomicBoolean();
    private final CountDownLatch seen = new CountDownLatch(1);
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private HoldingProxy(ServerSocket server, URI target, String marker, Duration hold) {
        this.server = server;
        this.target = target;
        this.marker = marker.getBytes(StandardCharsets.ISO_8859_1);
        this.hold = hold;
    }

    /** Forwards to {@code targetUrl}, holding the answer to the first request containing {@code marker}. */
    public static HoldingProxy start(String targetUrl, String marker, Duration hold) throws IOException {
        HoldingProxy p = new HoldingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                URI.create(targetUrl), marker, hold);
        Thread accept = new Thread(p::accept, "holding-proxy");
        accept.setDaemon(true);
        accept.start();
        return p;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Waits until the marked request has been forwarded (its answer is then being held). */
    public boolean awaitMarked(long seconds) throws InterruptedException {
        return seen.await(seconds, TimeUnit.SECONDS);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getHost(), target.getPort());
                sockets.add(client);
                sockets.add(upstream);
                AtomicBoolean holdNext = new AtomicBoolean();
                daemon(() -> pump(client, upstream, holdNext, true));
                daemon(() -> pump(upstream, client, holdNext, false));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "holding-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Copies {@code from} to {@code to}; requests are scanned for the marker, answers held when marked. */
    private void pump(Socket from, Socket to, AtomicBoolean holdNext, boolean request) {
        byte[] buf = new byte[16 * 1024];
        String tail = "";
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                boolean marked = false;
                if (request) {
                    String seenText = tail + new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                    marked = seenText.contains(new String(marker, StandardCharsets.ISO_8859_1))
                            && holding.compareAndSet(false, true);
                    if (marked) {
                        holdNext.set(true); // before moto can answer
                    }
                    tail = seenText.substring(Math.max(0, seenText.length() - marker.length));
                } else if (holdNext.getAndSet(false)) {
                    Thread.sleep(hold.toMillis());
                }
                out.write(buf, 0, n);
                out.flush();
                if (marked) {
                    seen.countDown();
                }
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // a side closed: the other goes with it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
