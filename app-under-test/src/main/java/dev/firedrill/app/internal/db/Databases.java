package dev.firedrill.app.internal.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.firedrill.app.AppConfig;
import dev.firedrill.app.internal.http.ApiException;
import dev.firedrill.app.internal.trace.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * The writer and reader HikariCP pools. Every borrowed connection gets a socket (network) timeout and a
 * server-side statement timeout of DB_TIMEOUT_MS, and the pool wait is bounded by the same value, so no
 * database call can hang a request. With {@code DB_POOL=none} HikariCP is not used: calls reuse connections
 * of earlier successful calls and otherwise open a fresh one at once (same connect, socket and statement
 * timeouts; see {@link SimplePool}), so nothing outlives a database outage — HikariCP 7 backs off reconnects
 * (10 ms doubling up to 5 s, hard-coded), which stretches a short outage by up to that much.
 *
 * <p>A write refused as read-only (SQLSTATE 25006: the writer endpoint reached a demoted instance after a
 * failover) is a lost writer connection: HikariCP evicts the connection ({@link ReadOnlyWriter}) and the rest of the
 * writer pool is soft-evicted (idle connections closed now, busy ones when returned), so the next request opens a
 * fresh connection through the endpoint's current DNS answer; the request itself gets the writer's usual 503. With
 * {@code DB_POOL=none} every failed call already drops its connection and the idle ones.
 */
public final class Databases implements AutoCloseable {
    private static final Executor DIRECT = Runnable::run;

    private final DataSource writer;
    private final DataSource reader;
    private final int timeoutMs;
    private final SimplePool simpleWriter;
    private final SimplePool simpleReader;
    private final Tracing tracing;
    private final DataSource migrationLock;
    private final DataSource tracedWriter;
    private final DataSource tracedReader;

    public Databases(AppConfig config, MeterRegistry metrics) {
        this(config, metrics, Tracing.off());
    }

    /**
     * With tracing on, calls made inside a span (a request's, a job's) get JDBC client spans tagged with the pool's
     * name; calls outside one (the replica-lag poll) stay untraced, so background work makes no traces of its own.
     */
    public Databases(AppConfig config, MeterRegistry metrics, Tracing tracing) {
        this.tracing = tracing;
        AppConfig.Tuning t = config.tuning();
        this.timeoutMs = t.dbTimeoutMs();
        boolean pooled = config.modes().pooled();
        this.writer = pooled ? writerPool(config.dbWriterUrl(), t.dbWriterPoolSize(), config, metrics)
                : unpooled("db-writer", config.dbWriterUrl(), config);
        this.reader = pooled ? pool("db-reader", config.dbReaderUrl(), t.dbReaderPoolSize(), config, metrics)
                : unpooled("db-reader", config.dbReaderUrl(), config);
        this.migrationLock = migrationLockSource(config);
        this.tracedWriter = tracing.wrap(writer);
        this.tracedReader = tracing.wrap(reader);
        this.simpleWriter = pooled ? null : new SimplePool(tracedWriter);
        this.simpleReader = pooled ? null : new SimplePool(tracedReader);
    }

    /** A connection per call, with the same timeouts as the pool's connections. */
    private static DataSource unpooled(String name, String url, AppConfig config) {
        int timeoutMs = config.tuning().dbTimeoutMs();
        org.postgresql.ds.PGSimpleDataSource ds = simpleSource(name, url, config);
        ds.setSocketTimeout(ds.getConnectTimeout() + 1);
        ds.setOptions("-c statement_timeout=" + timeoutMs);
        return ds;
    }

    /**
     * Unpooled writer connections without a socket timeout, for the session advisory lock that serialises
     * migrations: the wait is bounded by the statement timeout {@link Migrations} sets.
     */
    private static DataSource migrationLockSource(AppConfig config) {
        return simpleSource("migration-lock", config.dbWriterUrl(), config);
    }

    /** A connection per call with the pool's connect and login timeouts, named for pg_stat_activity. */
    private static org.postgresql.ds.PGSimpleDataSource simpleSource(String name, String url, AppConfig config) {
        int seconds = Math.max(1, (config.tuning().dbTimeoutMs() + 999) / 1000);
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(config.dbUser());
        ds.setPassword(config.dbPassword());
        ds.setConnectTimeout(seconds);
        ds.setLoginTimeout(seconds);
        ds.setTcpKeepAlive(true);
        ds.setApplicationName("firedrill-app/" + config.instanceId() + "/" + name);
        return ds;
    }

    /** Where {@link Migrations} takes its lock: a fresh writer connection, outside the pool. */
    public DataSource migrationLock() {
        return migrationLock;
    }

    private static HikariDataSource writerPool(String url, int size, AppConfig config, MeterRegistry metrics) {
        HikariConfig h = poolConfig("db-writer", url, size, config, metrics);
        h.setExceptionOverride(new ReadOnlyWriter());
        return new HikariDataSource(h);
    }

    private static HikariDataSource pool(String name, String url, int size, AppConfig config, MeterRegistry metrics) {
        return new HikariDataSource(poolConfig(name, url, size, config, metrics));
    }

    private static HikariConfig poolConfig(String name, String url, int size, AppConfig config, MeterRegistry metrics) {
        int timeoutMs = config.tuning().dbTimeoutMs();
        int seconds = Math.max(1, (timeoutMs + 999) / 1000);
        HikariConfig h = new HikariConfig();
        h.setPoolName(name);
        h.setJdbcUrl(url);
        h.setUsername(config.dbUser());
        h.setPassword(config.dbPassword());
        h.setMaximumPoolSize(size);
        h.setMinimumIdle(Math.min(2, size));
        h.setConnectionTimeout(Math.max(250, timeoutMs));
        h.setValidationTimeout(Math.max(250, timeoutMs / 2));
        // start even when the database is down; requests fail fast (503) until it is back
        h.setInitializationFailTimeout(-1);
        h.setKeepaliveTime(30_000);
        h.setMaxLifetime(600_000);
        h.setIdleTimeout(300_000);
        h.addDataSourceProperty("connectTimeout", seconds);
        h.addDataSourceProperty("loginTimeout", seconds);
        // backstop for statements run outside Databases.call (e.g. Flyway); calls set a finer timeout
        h.addDataSourceProperty("socketTimeout", seconds + 1);
        h.addDataSourceProperty("tcpKeepAlive", true);
        h.addDataSourceProperty("ApplicationName", "firedrill-app/" + config.instanceId() + "/" + name);
        h.addDataSourceProperty("options", "-c statement_timeout=" + timeoutMs);
        h.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        return h;
    }

    public DataSource writer() {
        return writer;
    }

    public DataSource reader() {
        return reader;
    }

    /** Borrows a connection from the pool, runs the work with a socket timeout, returns the connection. */
    public <T> T call(Pool pool, SqlWork<T> work) throws SQLException {
        PoolUse.record(pool);
        try (Scope ignored = tracing.pool(pool == Pool.WRITER ? "db-writer" : "db-reader")) {
            return callIn(pool, work);
        }
    }

    private <T> T callIn(Pool pool, SqlWork<T> work) throws SQLException {
        SimplePool simple = pool == Pool.WRITER ? simpleWriter : simpleReader;
        if (simple != null) {
            Connection c = simple.borrow();
            boolean healthy = true; // an ApiException (404, 409) thrown by the work leaves the connection fine
            try {
                c.setNetworkTimeout(DIRECT, timeoutMs);
                return work.run(c);
            } catch (SQLException e) {
                healthy = false;
                throw clientMistakeOr(e);
            } finally {
                simple.release(c, healthy);
            }
        }
        boolean traced = tracing.enabled() && Span.current().getSpanContext().isValid();
        DataSource source = pool == Pool.WRITER ? (traced ? tracedWriter : writer) : (traced ? tracedReader : reader);
        try (Connection c = source.getConnection()) {
            c.setNetworkTimeout(DIRECT, timeoutMs);
            try {
                return work.run(c);
            } catch (SQLException e) {
                if (pool == Pool.WRITER && ReadOnlyWriter.refused(e) && writer instanceof HikariDataSource h) {
                    h.getHikariPoolMXBean().softEvictConnections();
                }
                throw clientMistakeOr(e);
            }
        }
    }

    /** Runs the work in one transaction on the writer. */
    public <T> T transaction(SqlWork<T> work) throws SQLException {
        return call(Pool.WRITER, c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                // a connection the pool has just evicted (lost, or read-only after a failover) is closed: the
                // pool drops it, and resetting it would only replace the real error with "connection is closed"
                if (!c.isClosed()) {
                    c.setAutoCommit(true);
                }
            }
        });
    }

    /** SQLSTATE class 22 (data exception, e.g. \u0000 in jsonb, numeric overflow) is the client's fault. */
    private static SQLException clientMistakeOr(SQLException e) {
        String state = e.getSQLState();
        if (state != null && state.startsWith("22")) {
            throw ApiException.badRequest("invalid_value", "PostgreSQL rejected the value: " + firstLine(e.getMessage()));
        }
        return e;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void close() {
        if (simpleWriter != null) {
            simpleWriter.close();
            simpleReader.close();
        }
        if (writer instanceof HikariDataSource h) {
            h.close();
        }
        if (reader instanceof HikariDataSource h) {
            h.close();
        }
    }
}
