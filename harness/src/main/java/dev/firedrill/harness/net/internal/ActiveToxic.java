package dev.firedrill.harness.net.internal;

import dev.firedrill.harness.net.LimitDataToxic;
import dev.firedrill.harness.net.Toxic;
import java.util.concurrent.Future;

/**
 * One toxic as it stands on one connection: whether the toxicity roll said it applies, whether it
 * has been removed (waits end early so no byte is held back), and per-connection state.
 */
final class ActiveToxic {
    final Toxic toxic;
    final boolean applies;
    private volatile boolean removed;
    /** limit_data: bytes still allowed; shared with the instance this one replaced on update. */
    final long[] remaining;
    private volatile Future<?> timer;

    ActiveToxic(Toxic toxic, boolean applies) {
        this(toxic, applies, new long[] {toxic instanceof LimitDataToxic l ? l.bytes() : 0});
    }

    private ActiveToxic(Toxic toxic, boolean applies, long[] remaining) {
        this.toxic = toxic;
        this.applies = applies;
        this.remaining = remaining;
    }

    /** The same roll and counters with new parameters (Toxiproxy keeps a connection's toxic on update). */
    ActiveToxic updatedTo(Toxic next) {
        long[] r = remaining;
        if (next instanceof LimitDataToxic l && toxic instanceof LimitDataToxic old) {
            synchronized (r) {
                r[0] = Math.max(0, r[0] + l.bytes() - old.bytes());
            }
        }
        return new ActiveToxic(next, applies, r);
    }

    boolean removed() {
        return removed;
    }

    void timer(Future<?> f) {
        timer = f;
    }

    void deactivate() {
        removed = true;
        Future<?> f = timer;
        if (f != null) {
            f.cancel(false);
        }
    }
}
