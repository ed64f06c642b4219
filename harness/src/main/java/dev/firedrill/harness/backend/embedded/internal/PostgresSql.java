package dev.firedrill.harness.backend.embedded.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/** JDBC plumbing for the harness's own control connections (not the application's). */
final class PostgresSql {
    private PostgresSql() {
    }

    static String jdbcUrl(int port, String db) {
        return jdbcUrl("127.0.0.1", port, db);
    }

    static String jdbcUrl(String host, int port, String db) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + db;
    }

    static Connection connect(int port, String db, String user, String password) throws SQLException {
        return connect("127.0.0.1", port, db, user, password);
    }

    static Connection connect(String host, int port, String db, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("sslmode", "disable");
        props.setProperty("connectTimeout", "5");
        props.setProperty("socketTimeout", "30");
        props.setProperty("ApplicationName", "firedrill-control");
        return DriverManager.getConnection(jdbcUrl(host, port, db), props);
    }

    /** The first column of the first row, or null. */
    static Object single(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }
}
