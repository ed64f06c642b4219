package dev.firedrill.harness.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

/**
 * Plain-main benchmark (a JMH version belongs in the perf module): median round trip of 1 KB
 * request/response through a {@link Link} vs a direct loopback connection, and bulk throughput
 * ratio. Run: {@code java -cp <test+main classpath> dev.firedrill.harness.net.LinkLatencyBench}.
 */
public final class LinkLatencyBench {
    private static final int WARMUP = 20_000;
    private static final int ITERATIONS = 50_000;
    private static final long BULK_BYTES = 512L * 1024 * 1024;

    private LinkLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        try (EchoServer echo = new EchoServer(); Link link = Link.open("bench", echo.address())) {
            double direct = medianRoundTripMicros(echo.address());
            double linked = medianRoundTripMicros(link.listenAddress());
            direct = medianRoundTripMicros(echo.address()); // again, after the JIT has seen both
            System.out.printf("1 KB round trip median: direct %.1f µs, link %.1f µs, added %.1f µs%n", direct,
                    linked, linked - direct);
        }
        try (ServerSocket sink = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> discard(sink), "sink");
            t.setDaemon(true);
            t.start();
            InetSocketAddress sinkAddress = (InetSocketAddress) sink.getLocalSocketAddress();
            try (Link link = Link.open("bench-bulk", sinkAddress)) {
                throughputMBps(sinkAddress);
                double direct = throughputMBps(sinkAddress);
                double linked = throughputMBps(link.listenAddress());
                System.out.printf("bulk throughput: direct %.0f MB/s, link %.0f MB/s, ratio %.2f%n", direct, linked,
                        linked / direct);
            }
        }
    }

    private static double medianRoundTripMicros(InetSocketAddress address) throws IOException {
        byte[] payload = Clients.pattern(1024);
        byte[] back = new byte[1024];
        long[] samples = new long[ITERATIONS];
        try (Socket s = Clients.connect(address, 5_000)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < WARMUP + ITERATIONS; i++) {
                long t0 = System.nanoTime();
                out.write(payload);
                int got = 0;
                while (got < back.length) {
                    got += in.read(back, got, back.length - got);
                }
                if (i >= WARMUP) {
                    samples[i - WARMUP] = System.nanoTime() - t0;
                }
            }
        }
        Arrays.sort(samples);
        return samples[samples.length / 2] / 1_000.0;
    }

    private static double throughputMBps(InetSocketAddress address) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        long t0 = System.nanoTime();
        try (Socket s = Clients.connect(address, 5_000)) {
            OutputStream out = s.getOutputStream();
            for (long sent = 0; sent < BULK_BYTES; sent += chunk.length) {
                out.write(chunk);
            }
            s.shutdownOutput();
            s.getInputStream().read(); // the sink closes after draining everything
        }
        return BULK_BYTES / 1e6 / ((System.nanoTime() - t0) / 1e9);
    }

    private static void discard(ServerSocket sink) {
        while (!sink.isClosed()) {
            try (Socket s = sink.accept()) {
                Clients.drain(s.getInputStream());
            } catch (IOException e) {
                return;
            }
        }
    }
}
