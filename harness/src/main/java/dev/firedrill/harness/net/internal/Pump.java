package dev.firedrill.harness.net.internal;

import dev.firedrill.harness.net.BlockMode;
import dev.firedrill.harness.net.SlowCloseToxic;
import dev.firedrill.harness.net.ToxicStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.SplittableRandom;

/**
 * Copies one direction of a connection with blocking I/O. Without toxics a chunk is written as soon
 * as it is read (the fast path); otherwise it goes through {@link ToxicPass}.
 */
final class Pump implements Runnable {
    static final int BUFFER = 64 * 1024;

    private final Connection conn;
    private final ToxicStream stream;
    private final InputStream in;
    private final Socket dst;
    private final SplittableRandom random;

    Pump(Connection conn, ToxicStream stream, InputStream in, Socket dst, SplittableRandom random) {
        this.conn = conn;
        this.stream = stream;
        this.in = in;
        this.dst = dst;
        this.random = random;
    }

    @Override
    public void run() {
        ProxyLink link = conn.link;
        byte[] buf = new byte[BUFFER];
        OutputStream out;
        try {
            out = dst.getOutputStream();
        } catch (IOException e) {
            conn.close("i/o error: " + e.getMessage(), true);
            return;
        }
        ToxicPass pass = new ToxicPass(conn, out, random);
        try {
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    endOfStream();
                    return;
                }
                link.countBytes(stream, n);
                BlockMode block = link.blockMode();
                if (block != BlockMode.NONE) {
                    if (block == BlockMode.REJECT) {
                        conn.close("rejected", true);
                        return;
                    }
                    continue; // blackholed: dropped
                }
                ActiveToxic[] chain = conn.chain(stream);
                if (chain.length == 0) {
                    out.write(buf, 0, n);
                } else if (!pass.run(chain, buf, n, System.nanoTime())) {
                    return;
                }
            }
        } catch (IOException e) {
            // the peer reset or the connection was closed under us: pass a reset on
            conn.close(conn.isClosed() ? "closed" : stream.wireName() + " i/o error: " + e.getMessage(), true);
        }
    }

    private void endOfStream() {
        for (ActiveToxic at : conn.chain(stream)) {
            if (at.toxic instanceof SlowCloseToxic s) {
                ToxicPass.waitUntil(System.nanoTime() + s.delay() * 1_000_000L, at, conn);
            }
        }
        try {
            dst.shutdownOutput();
        } catch (IOException e) {
            // the other side is already gone
        }
        conn.halfClosed();
    }
}
