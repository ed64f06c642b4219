package dev.firedrill.app.internal.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for items; knows nothing about pools or breakers (see {@link ReadRouter}). */
public final class ItemRepository {
    private static final String COLUMNS = "id, version, value::text";

    /** Outcome of an optimistic update. */
    public sealed interface Update permits Updated, Missing, Conflict {
    }

    public record Updated(Item item) implements Update {
    }

    public record Missing() implements Update {
    }

    public record Conflict(long currentVersion) implements Update {
    }

    public Item create(Connection c, String valueJson) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO items (version, value) VALUES (1, ?::jsonb) RETURNING " + COLUMNS)) {
            s.setString(1, valueJson);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return item(rs);
            }
        }
    }

    public Optional<Item> find(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM items WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(item(rs)) : Optional.empty();
            }
        }
    }

    public Update update(Connection c, long id, long expectedVersion, String valueJson) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE items SET value = ?::jsonb, version = version + 1,"
                + " updated_at = now() WHERE id = ? AND version = ? RETURNING " + COLUMNS)) {
            s.setString(1, valueJson);
            s.setLong(2, id);
            s.setLong(3, expectedVersion);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return new Updated(item(rs));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT version FROM items WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Conflict(rs.getLong(1)) : new Missing();
            }
        }
    }

    public List<Item> page(Connection c, long after, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM items WHERE id > ? ORDER BY id LIMIT ?")) {
            s.setLong(1, after);
            s.setInt(2, limit);
            List<Item> items = new ArrayList<>(limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    items.add(item(rs));
                }
            }
            return items;
        }
    }

    private static Item item(ResultSet rs) throws SQLException {
        String value = rs.getString(3);
        return new Item(rs.getLong(1), rs.getLong(2), value == null ? "null" : value);
    }
}
