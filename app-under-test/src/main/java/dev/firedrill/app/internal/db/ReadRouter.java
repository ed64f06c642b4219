package dev.firedrill.app.internal.db;

import dev.firedrill.app.internal.resilience.DependencyUnavailableException;
import dev.firedrill.app.internal.resilience.Guard;

/**
 * Sends reads to the reader pool, or to the writer when the caller needs read-your-writes. With
 * READ_FALLBACK_TO_WRITER on, reads also go to the writer while the reader is unreachable, its breaker is
 * open, or its lag exceeds READ_FALLBACK_MAX_LAG_MS.
 */
public final class ReadRouter {
    private final Databases databases;
    private final Guard writer;
    private final Guard reader;
    private final ReplicaLagMonitor lag;
    private final boolean fallback;
    private final int maxLagMs;
    private final boolean consistentFromReader;

    public ReadRouter(Databases databases, Guard writer, Guard reader, ReplicaLagMonitor lag, boolean fallback,
                      int maxLagMs) {
        this(databases, writer, reader, lag, fallback, maxLagMs, false);
    }

    /**
     * @param consistentFromReader CONSISTENT_READS_FROM=reader, a weakening: consistent reads take the reader
     *                             path like any other read (no read-your-writes)
     */
    public ReadRouter(Databases databases, Guard writer, Guard reader, ReplicaLagMonitor lag, boolean fallback,
                      int maxLagMs, boolean consistentFromReader) {
        this.consistentFromReader = consistentFromReader;
        this.databases = databases;
        this.writer = writer;
        this.reader = reader;
        this.lag = lag;
        this.fallback = fallback;
        this.maxLagMs = maxLagMs;
    }

    public <T> Pooled<T> read(boolean consistent, SqlWork<T> work) {
        if (consistent && consistentFromReader) {
            consistent = false;
        }
        if (consistent || (fallback && (!lag.reachable() || lag.lagMs() > maxLagMs))) {
            return onWriter(work);
        }
        try {
            return new Pooled<>(reader.read(() -> databases.call(Pool.READER, work)), Pool.READER);
        } catch (DependencyUnavailableException e) {
            if (fallback) {
                return onWriter(work);
            }
            throw e;
        }
    }

    private <T> Pooled<T> onWriter(SqlWork<T> work) {
        return new Pooled<>(writer.read(() -> databases.call(Pool.WRITER, work)), Pool.WRITER);
    }

    /** A write: writer pool, breaker, no retry. */
    public <T> T write(SqlWork<T> work) {
        return writer.write(() -> databases.call(Pool.WRITER, work));
    }

    /** A write in one transaction: writer pool, breaker, no retry. */
    public <T> T transaction(SqlWork<T> work) {
        return writer.write(() -> databases.transaction(work));
    }
}
