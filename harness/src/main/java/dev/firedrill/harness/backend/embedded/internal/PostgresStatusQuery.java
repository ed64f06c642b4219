package dev.firedrill.harness.backend.embedded.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a {@link PostgresReplicationStatus} from the statistics views. */
final class PostgresStatusQuery {
    private static final String SELF = """
            SELECT pg_is_in_recovery(),
                   (SELECT status FROM pg_stat_wal_receiver),
                   CASE WHEN pg_is_in_recovery() THEN pg_get_wal_replay_pause_state() END,
                   pg_last_xact_replay_timestamp(),
                   pg_last_wal_receive_lsn()::text,
                   pg_last_wal_replay_lsn()::text
            """;
    private static final String STANDBYS = """
            SELECT application_name, state, sent_lsn::text, replay_lsn::text,
                   (extract(epoch FROM replay_lag) * 1000000)::bigint
              FROM pg_stat_replication ORDER BY application_name
            """;

    private PostgresStatusQuery() {
    }

    static PostgresReplicationStatus read(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            boolean inRecovery;
            Optional<String> receiver;
            Optional<String> pause;
            Optional<Timestamp> replayed;
            Optional<String> receiveLsn;
            Optional<String> replayLsn;
            try (ResultSet rs = st.executeQuery(SELF)) {
                rs.next();
                inRecovery = rs.getBoolean(1);
                receiver = Optional.ofNullable(rs.getString(2));
                pause = Optional.ofNullable(rs.getString(3));
                replayed = Optional.ofNullable(rs.getTimestamp(4));
                receiveLsn = Optional.ofNullable(rs.getString(5));
                replayLsn = Optional.ofNullable(rs.getString(6));
            }
            List<PostgresReplicationStatus.Standby> standbys = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(STANDBYS)) {
                while (rs.next()) {
                    long lagMicros = rs.getLong(5);
                    Optional<Duration> lag = rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofNanos(lagMicros * 1000));
                    standbys.add(new PostgresReplicationStatus.Standby(rs.getString(1), rs.getString(2), rs.getString(3),
                            Optional.ofNullable(rs.getString(4)), lag));
                }
            }
            return new PostgresReplicationStatus(inRecovery, receiver, pause, replayed.map(Timestamp::toInstant),
                    receiveLsn, replayLsn, standbys);
        }
    }
}
