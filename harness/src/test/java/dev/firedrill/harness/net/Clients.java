package dev.firedrill.harness.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/** Blocking client helpers for link tests. */
final class Clients {
    private Clients() {
    }

    static Socket connect(InetSocketAddress address, int readTimeoutMs) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(address, 2_000);
        s.setSoTimeout(readTimeoutMs);
        return s;
    }

    /** Writes {@code payload} and reads the same number of bytes back. */
    static byte[] roundTrip(Socket s, byte[] payload) throws IOException {
        s.getOutputStream().write(payload);
        return s.getInputStream().readNBytes(payload.length);
    }

    /** Reads until end of stream and returns how many bytes came. */
    static long drain(InputStream in) throws IOException {
        byte[] buf = new byte[65536];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            total += n;
        }
        return total;
    }

    static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
