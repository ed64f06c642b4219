package dev.firedrill.harness.check;

/**
 * What a final read after heal returned for one key: its latest version and value. {@code version} may be null
 * when the store has no versions; {@code value} may be null when only versions are compared.
 */
public record FinalValue(Long version, String value) {
}
