package dev.firedrill.harness.net.internal;

import dev.firedrill.harness.net.BlockMode;
import dev.firedrill.harness.net.SlowCloseToxic;
import dev.firedrill.harness.net.ToxicStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.SplittableRandom;

/**
 * Copies one direction of a connection with blocking channel I/O through a direct buffer. Without
 * toxics a chunk is written as soon as it is read (the fast path, no extra copy); otherwise it is
 * copied to the heap and goes through {@link ToxicPass}.
 */
final class Pump implements Runnable {
    static final int BUFFER = 64 * 1024;

    private final Connection conn;
    private final ToxicStream stream;
    private final SocketChannel src;
    private final SocketChannel dst;
    private final SplittableRandom random;

    Pump(Connection conn, ToxicStream stream, SocketChannel src, SocketChannel dst, SplittableRandom random) {
        this.conn = conn;
        this.stream = stream;
        this.src = src;
        this.dst = dst;
        this.random = random;
    }

    @Override
    public void run() {
        ProxyLink link = conn.link;
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
        byte[] heap = null;
        OutputStream out = Channels.newOutputStream(dst);
        ToxicPass pass = new ToxicPass(conn, out, random);
        boolean reading = true; // which side failed, if one does: the source (reading) or the destination
        try {
            while (true) {
                buf.clear();
                reading = true;
                int n = src.read(buf);
                if (n < 0) {
                    endOfStream();
                    return;
                }
                reading = false;
                link.countBytes(stream, n);
                conn.relayed(stream, n);
                BlockMode block = link.blockMode();
                if (block != BlockMode.NONE) {
                    if (block == BlockMode.REJECT) {
                        conn.close(link.blockReason("cut"), true);
                        return;
                    }
                    conn.dropped();
                    continue; // blackholed: dropped
                }
                buf.flip();
                ActiveToxic[] chain = conn.chain(stream);
                if (chain.length == 0) {
                    while (buf.hasRemaining()) {
                        dst.write(buf);
                    }
                    continue;
                }
                if (heap == null) {
                    heap = new byte[BUFFER];
                }
                buf.get(heap, 0, n);
                if (!pass.run(chain, heap, n, System.nanoTime())) {
                    return;
                }
            }
        } catch (IOException e) {
            // the peer reset or the connection was closed under us: pass a reset on
            boolean clientSide = reading == (stream == ToxicStream.UPSTREAM);
            conn.close(conn.isClosed() ? "closed" : (clientSide ? "reset by client" : "reset by server")
                    + " (" + stream.wireName() + " " + (reading ? "read" : "write") + ": " + e.getMessage() + ")",
                    true);
        }
    }

    private void endOfStream() {
        conn.endSeen(stream);
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
