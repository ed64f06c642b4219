package dev.firedrill.harness.net.internal;

import dev.firedrill.harness.net.BandwidthToxic;
import dev.firedrill.harness.net.LatencyToxic;
import dev.firedrill.harness.net.LimitDataToxic;
import dev.firedrill.harness.net.ResetPeerToxic;
import dev.firedrill.harness.net.SlicerToxic;
import dev.firedrill.harness.net.TimeoutToxic;
import java.io.IOException;
import java.io.OutputStream;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one chunk through a chain of toxics, in order, on the pump's thread. A toxic that is removed
 * while holding a chunk lets it go on at once, so removal never drops in-flight bytes.
 */
final class ToxicPass {
    private static final long MAX_PARK_NANOS = 2_000_000L;

    private final Connection conn;
    private final OutputStream out;
    private final SplittableRandom random;

    ToxicPass(Connection conn, OutputStream out, SplittableRandom random) {
        this.conn = conn;
        this.out = out;
        this.random = random;
    }

    /** Returns false when a toxic ended the connection. */
    boolean run(ActiveToxic[] chain, byte[] b, int len, long readNanos) throws IOException {
        return step(chain, 0, b, 0, len, readNanos);
    }

    private boolean step(ActiveToxic[] chain, int i, byte[] b, int off, int len, long t0) throws IOException {
        if (i == chain.length) {
            out.write(b, off, len);
            return true;
        }
        ActiveToxic at = chain[i];
        if (at.removed()) {
            return step(chain, i + 1, b, off, len, t0);
        }
        if (at.toxic instanceof LatencyToxic l) {
            long jitter = l.jitter() == 0 ? 0 : random.nextLong(-l.jitter(), l.jitter() + 1);
            waitUntil(t0 + Math.max(0, l.latency() + jitter) * 1_000_000L, at, conn);
            return step(chain, i + 1, b, off, len, t0);
        }
        if (at.toxic instanceof BandwidthToxic bw) {
            return bandwidth(chain, i, at, bw, b, off, len, t0);
        }
        if (at.toxic instanceof TimeoutToxic) {
            return true; // dropped on the floor; the close (if any) is on a timer
        }
        if (at.toxic instanceof ResetPeerToxic r) {
            waitUntil(System.nanoTime() + r.timeout() * 1_000_000L, at, conn);
            if (at.removed()) {
                return step(chain, i + 1, b, off, len, t0);
            }
            conn.close(conn.link.byToxic(r.name(), "reset by reset_peer toxic '" + r.name() + "'"), true);
            return false;
        }
        if (at.toxic instanceof SlicerToxic s) {
            return slice(chain, i, at, s, b, off, len, t0);
        }
        if (at.toxic instanceof LimitDataToxic l) {
            return limit(chain, i, at, l, b, off, len, t0);
        }
        return step(chain, i + 1, b, off, len, t0); // slow_close acts at end of stream
    }

    private boolean bandwidth(ActiveToxic[] chain, int i, ActiveToxic at, BandwidthToxic bw, byte[] b, int off,
            int len, long t0) throws IOException {
        if (bw.rate() == 0) {
            waitUntil(Long.MAX_VALUE, at, conn); // nothing passes until the toxic goes
            return conn.isClosed() || step(chain, i + 1, b, off, len, t0);
        }
        // Toxiproxy: rate is KB/s with 1 KB = 1000 bytes; pace in slices worth ~100 ms.
        int piece = (int) Math.max(1, Math.min(len, bw.rate() * 100));
        for (int p = off; p < off + len; p += piece) {
            int n = Math.min(piece, off + len - p);
            long start = System.nanoTime();
            if (!step(chain, i + 1, b, p, n, t0)) {
                return false;
            }
            if (!at.removed()) {
                waitUntil(start + n * 1_000_000L / bw.rate(), at, conn);
            }
        }
        return true;
    }

    private boolean slice(ActiveToxic[] chain, int i, ActiveToxic at, SlicerToxic s, byte[] b, int off, int len,
            long t0) throws IOException {
        int p = off;
        while (p < off + len) {
            long size = s.averageSize();
            if (s.sizeVariation() > 0) {
                size += random.nextLong(-s.sizeVariation(), s.sizeVariation() + 1);
            }
            int n = (int) Math.min(Math.max(1, size), off + len - p);
            if (!step(chain, i + 1, b, p, n, t0)) {
                return false;
            }
            p += n;
            if (p < off + len && s.delay() > 0 && !at.removed()) {
                waitUntil(System.nanoTime() + s.delay() * 1_000L, at, conn);
            }
        }
        return true;
    }

    private boolean limit(ActiveToxic[] chain, int i, ActiveToxic at, LimitDataToxic l, byte[] b, int off, int len,
            long t0) throws IOException {
        long allowed;
        synchronized (at.remaining) {
            allowed = Math.min(len, at.remaining[0]);
            at.remaining[0] -= allowed;
        }
        if (allowed > 0 && !step(chain, i + 1, b, off, (int) allowed, t0)) {
            return false;
        }
        if (allowed < len || at.remaining[0] == 0) {
            out.flush();
            conn.close(conn.link.byToxic(l.name(), "closed by limit_data toxic '" + l.name() + "' after " + l.bytes()
                    + " bytes"), false);
            return false;
        }
        return true;
    }

    /** Parks until {@code deadline} (System.nanoTime), the toxic's removal or the connection's close. */
    static void waitUntil(long deadline, ActiveToxic at, Connection conn) {
        while (!at.removed() && !conn.isClosed()) {
            long left = deadline == Long.MAX_VALUE ? MAX_PARK_NANOS : deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(Math.min(left, MAX_PARK_NANOS));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
