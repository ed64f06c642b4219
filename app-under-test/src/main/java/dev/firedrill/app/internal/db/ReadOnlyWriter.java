package dev.firedrill.app.internal.db;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * A write refused with SQLSTATE {@code 25006} (read_only_sql_transaction) on the writer pool means the connection
 * reached an instance that is no longer the writer: after a failover a pooled connection can still be attached to
 * the demoted instance, and a reconnect through a stale DNS answer can land there too. Such a connection will refuse
 * every write until it is closed, so it is handled as HikariCP handles a lost connection ({@code 08xxx},
 * {@code 57P01} admin shutdown, which it evicts on its own): {@link Override#MUST_EVICT}. The pool's other
 * connections most likely sit on the same instance; {@code Databases} soft-evicts them too.
 */
final class ReadOnlyWriter implements SQLExceptionOverride {
    static final String READ_ONLY_SQL_TRANSACTION = "25006";

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        return READ_ONLY_SQL_TRANSACTION.equals(e.getSQLState()) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }

    /** Whether {@code e}, its next exceptions or its causes carry SQLSTATE 25006 (ten links deep, as HikariCP looks). */
    static boolean refused(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            SQLException n = t instanceof SQLException s ? s : null;
            for (int next = 0; n != null && next < 10; next++, n = n.getNextException()) {
                if (READ_ONLY_SQL_TRANSACTION.equals(n.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }
}
