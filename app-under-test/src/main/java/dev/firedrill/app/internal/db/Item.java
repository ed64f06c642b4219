package dev.firedrill.app.internal.db;

/**
 * A stored item. {@code valueJson} is the value as JSON text exactly as PostgreSQL's jsonb renders it.
 */
public record Item(long id, long version, String valueJson) {
    /** {@code {"id":..,"version":..,"value":..}}; valueJson is already valid JSON. */
    public String toJson() {
        return "{\"id\":" + id + ",\"version\":" + version + ",\"value\":" + valueJson + "}";
    }
}
