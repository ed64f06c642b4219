package dev.firedrill.harness.scenario.internal;

import dev.firedrill.harness.backend.embedded.EmbeddedDeployment;
import dev.firedrill.harness.backend.embedded.internal.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

/** Waits until every standby has replayed the primary's current WAL position (final reads see everything). */
public final class ReplicaCatchUp {
    private ReplicaCatchUp() {
    }

    /** True when caught up within {@code timeout}. */
    public static boolean await(EmbeddedDeployment d, Duration timeout) {
        if (d.topology().database() == null || d.replicas().isEmpty()) {
            return true;
        }
        String url = d.endpoints().dbWriter();
        String db = url.substring(url.lastIndexOf('/') + 1).split("\\?")[0];
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            PostgresServer p = d.primary();
            try (Connection c = p.connect(db); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE replay_lsn >= "
                         + "pg_current_wal_lsn()) FROM pg_stat_replication")) {
                rs.next();
                if (rs.getInt(1) >= d.replicas().size() && rs.getInt(1) == rs.getInt(2)) {
                    return true;
                }
            } catch (Exception e) {
                // primary restarting: try again
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
