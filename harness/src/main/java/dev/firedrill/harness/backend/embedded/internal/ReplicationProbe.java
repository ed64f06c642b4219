package dev.firedrill.harness.backend.embedded.internal;

import dev.firedrill.harness.backend.Probe;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Replica lag in seconds on each replica and in bytes from the primary's {@code pg_stat_replication}, over
 * direct connections to each server's own port (not through the fault links, so a partition of the app does
 * not blind the sampler). Lag seconds is {@code now() − pg_last_xact_replay_timestamp()} while received WAL is
 * still waiting to be replayed and 0 once everything received is replayed, the same definition the reference
 * app exports; an unreachable server is sampled as {@code unreachable}.
 */
public final class ReplicationProbe implements Probe {
    static final String LAG_SQL = "SELECT pg_is_in_recovery(), CASE WHEN pg_last_wal_receive_lsn() IS NULL"
            + " OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
            + " ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END";
    static final String BYTES_SQL = "SELECT application_name, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)"
            + " FROM pg_stat_replication";

    private final Supplier<PostgresServer> primary;
    private final Supplier<List<PostgresServer>> replicas;
    private final String db;
    private final Map<String, Connection> connections = new HashMap<>();

    /** Reads the servers that are primary and replicas at each sample (a failover changes them). */
    public ReplicationProbe(Supplier<PostgresServer> primary, Supplier<List<PostgresServer>> replicas, String db) {
        this.primary = primary;
        this.replicas = replicas;
        this.db = db;
    }

    @Override
    public String name() {
        return "replication";
    }

    @Override
    public void sample(Readings out) {
        for (PostgresServer r : replicas.get()) {
            sampleLag(r, out);
        }
        sampleBytes(primary.get(), out);
    }

    private void sampleLag(PostgresServer server, Readings out) {
        try (Statement s = connection(server).createStatement(); ResultSet rs = s.executeQuery(LAG_SQL)) {
            rs.next();
            if (rs.getBoolean(1)) {
                out.value("replica_lag_seconds", server.name(), rs.getDouble(2));
            }
        } catch (SQLException | RuntimeException e) {
            drop(server);
            out.state("replica_lag_seconds", server.name(), "unreachable");
        }
    }

    private void sampleBytes(PostgresServer primary, Readings out) {
        if (primary == null) {
            return;
        }
        try (Statement s = connection(primary).createStatement(); ResultSet rs = s.executeQuery(BYTES_SQL)) {
            while (rs.next()) {
                double bytes = rs.getDouble(2);
                out.value("replica_lag_bytes", rs.getString(1), rs.wasNull() ? 0 : bytes);
            }
        } catch (SQLException | RuntimeException e) {
            drop(primary);
        }
    }

    private Connection connection(PostgresServer server) throws SQLException {
        String k = key(server);
        Connection c = connections.get(k);
        if (c == null) {
            Properties p = new Properties();
            p.setProperty("user", server.user());
            p.setProperty("password", server.password());
            p.setProperty("connectTimeout", "1");
            p.setProperty("socketTimeout", "1");
            p.setProperty("ApplicationName", "firedrill-sampler");
            c = DriverManager.getConnection(server.jdbcUrl(db), p);
            connections.put(k, c);
        }
        return c;
    }

    private static String key(PostgresServer s) {
        return s.name() + ":" + s.port();
    }

    private void drop(PostgresServer server) {
        Connection c = connections.remove(key(server));
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
    }

    /** Closes the sampler's connections. */
    @Override
    public void close() {
        for (Connection c : connections.values()) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        connections.clear();
    }
}
