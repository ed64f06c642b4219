package dev.firedrill.app.internal.db;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the reader for its replication lag. Lag is {@code now() - pg_last_xact_replay_timestamp()} while the
 * replica has received WAL it has not replayed yet, and 0 when it has replayed all it received (so an idle
 * primary does not look like lag, unlike RDS ReplicaLag). A failed probe marks the reader unreachable.
 */
public final class ReplicaLagMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaLagMonitor.class);
    static final String LAG_SQL = "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0"
            + " WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
            + " ELSE COALESCE(EXTRACT(EPOCH FROM (now() - pg_last_xact_replay_timestamp())) * 1000, 0) END";

    private final Databases databases;
    private final ScheduledExecutorService timer;
    private volatile double lagMs = 0;
    private volatile boolean reachable = true;

    public ReplicaLagMonitor(Databases databases, int pollMs, MeterRegistry metrics) {
        this.databases = databases;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "replica-lag");
            t.setDaemon(true);
            return t;
        });
        Gauge.builder("db.replica.lag", this, m -> m.reachable ? m.lagMs / 1000.0 : Double.NaN)
                .baseUnit("seconds").description("reader replication lag; NaN when the reader is unreachable")
                .register(metrics);
        timer.scheduleWithFixedDelay(this::probe, pollMs, pollMs, TimeUnit.MILLISECONDS);
    }

    /** Measures now; used by the poller and by /health/deep. */
    public double probe() {
        try {
            double lag = databases.call(Pool.READER, c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(LAG_SQL)) {
                    rs.next();
                    return rs.getDouble(1);
                }
            });
            lagMs = lag;
            if (!reachable) {
                LOG.info("reader reachable again, lag {} ms", (long) lag);
            }
            reachable = true;
            return lag;
        } catch (Exception e) {
            if (reachable) {
                LOG.warn("reader unreachable: {}", e.toString());
            }
            reachable = false;
            return Double.NaN;
        }
    }

    public double lagMs() {
        return lagMs;
    }

    public boolean reachable() {
        return reachable;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
