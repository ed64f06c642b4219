package dev.firedrill.harness.backend.embedded.internal;

/** The configuration every embedded PostgreSQL instance shares, written into the template cluster. */
final class PostgresSettings {
    /** Password auth everywhere (scram-sha-256, never trust), replication from 127.0.0.1. */
    static final String PG_HBA = """
            # firedrill: password authentication only, loopback only
            # TYPE  DATABASE     USER  ADDRESS        METHOD
            local   all          all                  scram-sha-256
            host    all          all   127.0.0.1/32   scram-sha-256
            host    replication  all   127.0.0.1/32   scram-sha-256
            """;

    /** The superuser's SCRAM verifier's iteration count (PostgreSQL's default is 4096); see {@link PostgresTemplate}. */
    static final int SCRAM_ITERATIONS = 256;

    static final String COMMON = """

            # ---- firedrill embedded backend ----
            listen_addresses = '127.0.0.1'
            # no socket files in /tmp; every client uses TCP
            unix_socket_directories = ''
            wal_level = replica
            max_wal_senders = 10
            max_replication_slots = 10
            hot_standby = on
            # This is a rehearsal database: losing data on an OS crash is acceptable, so skip fsync.
            # A killed *process* loses nothing (the OS still has the pages); synchronous_commit stays on
            # so that kill -9 of a primary behaves like a real crash.
            fsync = off
            # After kill -9 of a primary, a standby retries WAL sources every 5 s by default and
            # promotion waits for that; 50 ms makes failover take milliseconds.
            wal_retrieve_retry_interval = 50ms
            wal_receiver_status_interval = 1s
            shared_buffers = 32MB
            max_connections = 100
            huge_pages = off
            logging_collector = off
            log_line_prefix = '%m [%p] %q%a '
            """;

    private PostgresSettings() {
    }
}
