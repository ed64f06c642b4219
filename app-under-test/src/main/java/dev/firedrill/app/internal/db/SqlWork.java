package dev.firedrill.app.internal.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on one borrowed connection. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
