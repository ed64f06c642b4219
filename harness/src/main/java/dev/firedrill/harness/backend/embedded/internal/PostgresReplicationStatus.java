package dev.firedrill.harness.backend.embedded.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one instance's replication state.
 *
 * @param inRecovery true on a replica (not yet promoted)
 * @param receiverStatus a replica's {@code pg_stat_wal_receiver.status} ({@code streaming}, ...), or
 *     empty when no WAL receiver runs (a primary, or a replica that lost its primary)
 * @param replayPauseState a replica's {@code pg_get_wal_replay_pause_state()}: {@code not paused},
 *     {@code pause requested} or {@code paused}; empty on a primary
 * @param lastReplayTimestamp commit time of the last replayed transaction (RDS ReplicaLag is now minus
 *     this); empty on a primary or before the first replay
 * @param receiveLsn last WAL position received (replica), empty on a primary
 * @param replayLsn last WAL position replayed (replica), empty on a primary
 * @param standbys on a primary, one entry per connected standby ({@code pg_stat_replication})
 */
public record PostgresReplicationStatus(boolean inRecovery, Optional<String> receiverStatus,
        Optional<String> replayPauseState, Optional<Instant> lastReplayTimestamp, Optional<String> receiveLsn,
        Optional<String> replayLsn, List<Standby> standbys) {

    public PostgresReplicationStatus {
        standbys = List.copyOf(standbys);
    }

    /** The first standby with this application name (the replica's instance name). */
    public Optional<Standby> standby(String applicationName) {
        return standbys.stream().filter(s -> s.applicationName().equals(applicationName)).findFirst();
    }

    /**
     * One row of a primary's {@code pg_stat_replication}.
     *
     * @param state {@code startup}, {@code catchup}, {@code streaming}, ...
     * @param replayLag the standby's reported replay lag; empty when idle or unknown
     */
    public record Standby(String applicationName, String state, String sentLsn, Optional<String> replayLsn,
            Optional<Duration> replayLag) {
    }
}
