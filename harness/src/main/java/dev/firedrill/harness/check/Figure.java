package dev.firedrill.harness.check;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A typed key of {@link CheckResult#figures()}: the name as it appears in result.json and the type of its value.
 * Each checker declares the figures it writes as constants (e.g. {@link LostWriteChecker#LOST_WRITES}) and writes
 * through them; SLOs, assertions and the CLI read through the same constants, so renaming a figure is one edit
 * and a figure a checker no longer writes is caught by a test, not by a silently inconclusive SLO.
 *
 * <pre>{@code
 * long lost = result.figure(LostWriteChecker.LOST_WRITES).orElseThrow();
 * }</pre>
 *
 * @param name the key in the figures map (and in result.json)
 * @param type the value's type: {@link Long} for counts, {@link Double} for milliseconds and rates, {@link String},
 *             {@link Boolean}, {@link Map} or {@link List} for nested figures
 */
public record Figure<T>(String name, Class<T> type) {
    public Figure {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** A count (a whole number). */
    public static Figure<Long> count(String name) {
        return new Figure<>(name, Long.class);
    }

    /** A number such as milliseconds or a rate. */
    public static Figure<Double> number(String name) {
        return new Figure<>(name, Double.class);
    }

    public static Figure<String> text(String name) {
        return new Figure<>(name, String.class);
    }

    public static Figure<Boolean> flag(String name) {
        return new Figure<>(name, Boolean.class);
    }

    /** Nested figures: a map of names to JSON-friendly values. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Figure<Map<String, Object>> map(String name) {
        return new Figure<>(name, (Class) Map.class);
    }

    /** A list of JSON-friendly values. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Figure<List<Object>> list(String name) {
        return new Figure<>(name, (Class) List.class);
    }

    /**
     * This figure's value in {@code figures} (a checker's, or a nested map of one), as {@link #type()}: any
     * {@link Number} reads as a {@code Long} or {@code Double} (figures read back from JSON are often Integers).
     * Empty when the figure is absent, null, or of another type.
     */
    @SuppressWarnings("unchecked")
    public Optional<T> in(Map<String, ?> figures) {
        Object v = figures == null ? null : figures.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (type == Long.class && v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return Optional.of((T) Long.valueOf(n.longValue()));
        }
        if (type == Double.class && v instanceof Number n) {
            return Optional.of((T) Double.valueOf(n.doubleValue()));
        }
        return type.isInstance(v) ? Optional.of((T) v) : Optional.empty();
    }

    /** Writes {@code value} (null allowed: "not known") under this figure's name. */
    public void put(Map<String, Object> figures, T value) {
        figures.put(name, value);
    }

    @Override
    public String toString() {
        return name;
    }
}
