package dev.firedrill.harness.check;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a checker found. {@code figures} are JSON-friendly values (numbers, strings, booleans, lists and maps of
 * those) whose keys carry their unit ({@code ...Ms}, {@code ...Rate}); each checker declares its keys as typed
 * {@link Figure} constants, read with {@link #figure(Figure)}; {@code examples} are a few short
 * descriptions of offending events; {@code error} is set when the checker could not decide.
 */
public record CheckResult(String name, Verdict verdict, Map<String, Object> figures, List<String> examples,
                          String error) {
    /** At most this many examples are kept. */
    public static final int MAX_EXAMPLES = 10;

    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(verdict, "verdict");
        figures = figures == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        examples = examples == null ? List.of()
                : List.copyOf(examples.subList(0, Math.min(MAX_EXAMPLES, examples.size())));
    }

    /**
     * A figure by its typed key, e.g. {@code figure(LostWriteChecker.LOST_WRITES)}; empty when the checker did not
     * write it (or wrote null: not known).
     */
    public <T> Optional<T> figure(Figure<T> key) {
        return key.in(figures);
    }

    public static CheckResult of(String name, Verdict verdict, Map<String, Object> figures, List<String> examples) {
        return new CheckResult(name, verdict, figures, examples, null);
    }

    /** A result for a checker that could not decide. */
    public static CheckResult unknown(String name, String error) {
        return new CheckResult(name, Verdict.UNKNOWN, Map.of(), List.of(), error);
    }

    /** The worst verdict of the results; VALID for none. */
    public static Verdict worst(Collection<CheckResult> results) {
        Verdict v = Verdict.VALID;
        for (CheckResult r : results) {
            v = v.and(r.verdict());
        }
        return v;
    }
}
