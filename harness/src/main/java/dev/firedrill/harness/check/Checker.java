package dev.firedrill.harness.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives a verdict and figures from a history (and the final-state inputs in {@link CheckInput}). Checkers are
 * pure functions of their input. Use {@link #safe(Checker, CheckInput)} to run one: a checker that throws yields
 * {@link Verdict#UNKNOWN} with the error instead of crashing the run (Jepsen's check-safe).
 */
public interface Checker {
    /** {@code false} when a checker has nothing to check (e.g. no writes and no final state); absent otherwise. */
    Figure<Boolean> APPLICABLE = Figure.flag("applicable");

    /** Stable name, used as the key in result.json. */
    String name();

    /** Checks; may throw, callers use {@link #safe}. */
    CheckResult check(CheckInput input);

    /** Runs the checker; any exception or error (other than VirtualMachineError) becomes UNKNOWN. */
    static CheckResult safe(Checker checker, CheckInput input) {
        String name;
        try {
            name = checker.name();
        } catch (RuntimeException e) {
            name = checker.getClass().getSimpleName();
        }
        try {
            CheckResult r = checker.check(input);
            return r != null ? r : CheckResult.unknown(name, "checker returned no result");
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            String msg = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            StackTraceElement[] st = e.getStackTrace();
            if (st.length > 0) {
                msg += " (at " + st[0] + ")";
            }
            return CheckResult.unknown(name, msg);
        }
    }

    /** Runs every checker safely, in order. */
    static List<CheckResult> runAll(List<? extends Checker> checkers, CheckInput input) {
        List<CheckResult> out = new ArrayList<>(checkers.size());
        for (Checker c : checkers) {
            out.add(safe(c, input));
        }
        return out;
    }

    /**
     * A checker made of others: its verdict is the worst of theirs (invalid > unknown > valid) and its figures
     * map each child's name to that child's verdict, figures, examples and error.
     */
    static Checker compose(String name, List<? extends Checker> children) {
        List<Checker> copy = List.copyOf(children);
        return new Checker() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CheckResult check(CheckInput input) {
                List<CheckResult> results = runAll(copy, input);
                Map<String, Object> figures = new LinkedHashMap<>();
                List<String> examples = new ArrayList<>();
                for (CheckResult r : results) {
                    Map<String, Object> child = new LinkedHashMap<>();
                    child.put("verdict", r.verdict().wire());
                    child.put("figures", r.figures());
                    child.put("examples", r.examples());
                    if (r.error() != null) {
                        child.put("error", r.error());
                    }
                    figures.put(r.name(), child);
                    for (String ex : r.examples()) {
                        examples.add(r.name() + ": " + ex);
                    }
                }
                return CheckResult.of(name, CheckResult.worst(results), figures, examples);
            }
        };
    }
}
