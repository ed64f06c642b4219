package dev.firedrill.app.internal.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code db/migration} to the writer at start-up. Several instances may start at once: Flyway's
 * PostgreSQL support serialises them with an advisory lock ({@code pg_try_advisory_xact_lock} /
 * {@code pg_try_advisory_lock}, retried per Flyway's lockRetryCount), so exactly one applies
 * each migration and the others find it done (covered by ConcurrentStartIT). While the writer is unreachable
 * the attempt is retried until DB_MIGRATE_TIMEOUT_MS runs out.
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    /**
     * @return the number of migrations this instance applied
     * @throws IllegalStateException naming the writer error when the deadline passes
     */
    public static int migrate(DataSource writer, int timeoutMs) {
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(writer)
                .locations("classpath:db/migration")
                .connectRetries(0)
                .load();
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            try {
                MigrateResult result = flyway.migrate();
                LOG.info("schema at version {}: {} migration(s) applied by this instance",
                        result.targetSchemaVersion, result.migrationsExecuted);
                return result.migrationsExecuted;
            } catch (RuntimeException e) {
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
}
