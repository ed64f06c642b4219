package dev.firedrill.perf.internal.sidebyside;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/** Blocking-socket probes of a TCP path: 1 KB echo round trips on one connection, and bulk 64 KB writes. */
final class TcpProbe {
    /** Median and p99 of the round trips, in microseconds. */
    record Rtt(double medianUs, double p99Us, int samples) {
    }

    private TcpProbe() {
    }

    static Rtt roundTrips(int port, double seconds) throws IOException {
        byte[] payload = new byte[1024];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        byte[] back = new byte[payload.length];
        long[] samples = new long[1 << 16];
        int n = 0;
        try (Socket s = connect(port)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            long warmEnd = System.nanoTime() + 500_000_000L;
            while (System.nanoTime() < warmEnd) {
                roundTrip(out, in, payload, back);
            }
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long now;
            while ((now = System.nanoTime()) < end) {
                roundTrip(out, in, payload, back);
                if (n == samples.length) {
                    samples = Arrays.copyOf(samples, n * 2);
                }
                samples[n++] = System.nanoTime() - now;
            }
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        return new Rtt(sorted[n / 2] / 1e3, sorted[Math.min(n - 1, (int) (n * 0.99))] / 1e3, n);
    }

    private static void roundTrip(OutputStream out, InputStream in, byte[] payload, byte[] back) throws IOException {
        out.write(payload);
        int got = 0;
        while (got < back.length) {
            int r = in.read(back, got, back.length - got);
            if (r < 0) {
                throw new IOException("the echo path closed the connection after " + got + " bytes");
            }
            got += r;
        }
        if (back[back.length - 1] != payload[payload.length - 1]) {
            throw new IOException("the echo path returned other bytes than were sent");
        }
    }

    /** Megabytes (10^6 bytes) per second written with 64 KB writes for {@code seconds}, after 0.5 s of warm-up. */
    /**
     * 64 KB writes from a direct buffer on one connection (the writer copies nothing into the heap, so that the
     * probe is faster than the paths it measures), in MB/s.
     */
    static double bulkMBps(int port, double seconds) throws IOException {
        java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocateDirect(64 * 1024);
        try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open()) {
            ch.socket().setTcpNoDelay(true);
            ch.socket().connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            long warmEnd = System.nanoTime() + 500_000_000L;
            while (System.nanoTime() < warmEnd) {
                writeChunk(ch, chunk);
            }
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9);
            long bytes = 0;
            long now;
            while ((now = System.nanoTime()) < end) {
                bytes += writeChunk(ch, chunk);
            }
            return bytes / ((now - t0) / 1e9) / 1e6;
        }
    }

    private static int writeChunk(java.nio.channels.SocketChannel ch, java.nio.ByteBuffer chunk) throws IOException {
        chunk.clear();
        int n = chunk.remaining();
        while (chunk.hasRemaining()) {
            ch.write(chunk);
        }
        return n;
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        s.setSoTimeout(10_000);
        return s;
    }
}
