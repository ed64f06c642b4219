package dev.firedrill.app.internal.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/** SQL for jobs. Processing idempotency lives here: the row is locked and its status checked first. */
public final class JobRepository {
    private static final String COLUMNS =
            "id::text, status, attempts, deliveries, executions, payload::text, result::text, last_error, processed_by,"
            + " done_at";

    public void create(Connection c, UUID id, String payloadJson) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO jobs (id, status, payload) VALUES (?, 'queued', ?::jsonb) ON CONFLICT (id) DO NOTHING")) {
            s.setObject(1, id);
            s.setString(2, payloadJson);
            s.executeUpdate();
        }
    }

    public Optional<Job> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(job(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Counts one delivery of the job's message, creating the row first if a producer did not. Run it in its own
     * short transaction before {@link #lock}, so the count survives whatever rolls the work back (a crash, a
     * database fault, a lock wait that times out).
     */
    public void countDelivery(Connection c, UUID id, String payloadJson) throws SQLException {
        create(c, id, payloadJson);
        try (PreparedStatement s = c.prepareStatement("UPDATE jobs SET deliveries = deliveries + 1 WHERE id = ?")) {
            s.setObject(1, id);
            s.executeUpdate();
        }
    }

    /** Locks the job row for the rest of the transaction, creating it first if a producer did not. */
    public Job lock(Connection c, UUID id, String payloadJson) throws SQLException {
        create(c, id, payloadJson);
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ? FOR UPDATE")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return job(rs);
            }
        }
    }

    public void markDone(Connection c, UUID id, String resultJson, String instance) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE jobs SET status = 'done', attempts = attempts + 1,"
                + " executions = executions + 1, result = ?::jsonb, processed_by = ?, last_error = NULL,"
                + " done_at = COALESCE(done_at, clock_timestamp()), updated_at = now()"
                + " WHERE id = ?")) {
            s.setString(1, resultJson);
            s.setString(2, instance);
            s.setObject(3, id);
            s.executeUpdate();
        }
    }

    public void markFailed(Connection c, UUID id, String status, String error, String instance) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE jobs SET status = ?, attempts = attempts + 1,"
                + " last_error = ?, processed_by = ?, updated_at = now() WHERE id = ?")) {
            s.setString(1, status);
            s.setString(2, error);
            s.setString(3, instance);
            s.setObject(4, id);
            s.executeUpdate();
        }
    }

    public void setStatus(Connection c, UUID id, String status, String error) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE jobs SET status = ?, last_error = ?, updated_at = now() WHERE id = ?")) {
            s.setString(1, status);
            s.setString(2, error);
            s.setObject(3, id);
            s.executeUpdate();
        }
    }

    private static Job job(ResultSet rs) throws SQLException {
        java.sql.Timestamp doneAt = rs.getTimestamp(10);
        return new Job(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), doneAt == null ? null : doneAt.toInstant());
    }
}
