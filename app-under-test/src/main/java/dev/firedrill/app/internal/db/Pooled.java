package dev.firedrill.app.internal.db;

/** A value read from the database together with the pool that served it. */
public record Pooled<T>(T value, Pool pool) {
}
