package dev.firedrill.app.internal.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code db/migration} to the writer at start-up. Several instances may start at once: each first waits
 * for a session advisory lock of its own ({@code pg_advisory_lock}, on a connection outside the pool), so they
 * migrate one after the other. Without it Flyway's own lock still serialises them ({@code pg_try_advisory_lock}),
 * but a loser sleeps a whole second before trying again, and with three instances starting together one of them
 * nearly always does. An instance that gets the lock and finds {@value #LATEST_VERSION} (the newest file in
 * {@code db/migration}) applied does not run Flyway at all: no classpath scan, no validation, a few milliseconds
 * instead of a few hundred on a busy machine. Exactly one applies each migration, the others find it done (covered
 * by ConcurrentStartIT). While the writer is unreachable the attempt is retried until DB_MIGRATE_TIMEOUT_MS runs out.
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    /** The migration lock's key: "firedrl1" as a bigint; Flyway's own lock uses another key. */
    private static final long LOCK_KEY = 0x6669726564726c31L;
    /** The newest migration's version ({@code db/migration/V2__…}); MigrationsTest checks it against the files. */
    static final String LATEST_VERSION = "2";

    private Migrations() {
    }

    /**
     * @param lock where the migration lock is taken: fresh writer connections without a socket timeout
     * @return the number of migrations this instance applied
     * @throws IllegalStateException naming the writer error when the deadline passes
     */
    public static int migrate(DataSource writer, DataSource lock, int timeoutMs) {
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(writer)
                .locations("classpath:db/migration")
                .connectRetries(0)
                .load();
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            try (Connection held = lock(lock, deadline)) {
                if (current(held)) {
                    LOG.info("schema at version {} already (applied by another instance): Flyway not run",
                            LATEST_VERSION);
                    return 0;
                }
                MigrateResult result = flyway.migrate();
                LOG.info("schema at version {}: {} migration(s) applied by this instance",
                        result.targetSchemaVersion, result.migrationsExecuted);
                return result.migrationsExecuted;
            } catch (RuntimeException | SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not migrate the schema on DB_WRITER_URL within "
                            + timeoutMs + " ms (DB_MIGRATE_TIMEOUT_MS): " + e.getMessage(), e);
                }
                LOG.warn("migration attempt failed, retrying: {}", e.getMessage());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while migrating", ie);
                }
            }
        }
    }

    /** Waits (until {@code deadline}, at least a second) for the migration lock, held until the connection closes. */
    private static Connection lock(DataSource lock, long deadline) throws SQLException {
        Connection c = lock.getConnection();
        try (Statement s = c.createStatement()) {
            long waitMs = Math.max(1_000, (deadline - System.nanoTime()) / 1_000_000);
            s.execute("SET statement_timeout = " + waitMs);
            s.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Whether {@link #LATEST_VERSION} is recorded as applied; false when the history table does not exist yet. */
    private static boolean current(Connection c) {
        try (Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success AND version = '"
                     + LATEST_VERSION + "'")) {
            return rs.next() && rs.getLong(1) > 0;
        } catch (SQLException e) {
            return false; // no history table: a fresh database
        }
    }
}
