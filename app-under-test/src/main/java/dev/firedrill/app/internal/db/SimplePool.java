package dev.firedrill.app.internal.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.sql.DataSource;

/**
 * DB_POOL=none: connections without a pool's reconnect logic. A call reuses an idle connection when one is left
 * from an earlier successful call, else opens a new one at once; a call that fails closes its connection and
 * drops every idle one (they most likely broke together). No back-off, no background filler: the first call
 * after a database outage opens a fresh connection, so nothing of the app's own outlives the outage.
 */
final class SimplePool implements AutoCloseable {
    private final DataSource source;
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();

    SimplePool(DataSource source) {
        this.source = source;
    }

    Connection borrow() throws SQLException {
        Connection c = idle.pollFirst();
        return c != null ? c : source.getConnection();
    }

    /** Keeps the connection for the next call when the call succeeded; otherwise closes it and the idle ones. */
    void release(Connection c, boolean healthy) {
        if (healthy) {
            idle.offerFirst(c);
            return;
        }
        quietlyClose(c);
        for (Connection other; (other = idle.pollFirst()) != null; ) {
            quietlyClose(other);
        }
    }

    private static void quietlyClose(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already broken
        }
    }

    @Override
    public void close() {
        release(null, false);
    }
}
