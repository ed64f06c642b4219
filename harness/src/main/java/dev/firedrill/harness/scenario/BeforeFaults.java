package dev.firedrill.harness.scenario;

import dev.firedrill.harness.history.History;
import dev.firedrill.harness.history.Operations;
import java.util.Locale;

/**
 * Whether the stack already failed before the first fault: then what broke during the fault is not the fault's
 * doing, and the report says so instead of blaming it.
 */
final class BeforeFaults {
    /** Fewer operations than this before the first fault say nothing either way. */
    static final int MIN_OPERATIONS = 10;
    /** Below this share of ok operations before the first fault, the stack was not working. */
    static final double MIN_OK_SHARE = 0.5;

    private BeforeFaults() {
    }

    /** E.g. "the stack was already failing before the first fault: 97 of 100 operations …", or null. */
    static String problem(History h) {
        if (h.faults().isEmpty()) {
            return null;
        }
        long first = Judge.firstFaultNanos(h);
        Operations ops = h.operations();
        long ok = 0;
        long notOk = 0;
        String example = null;
        for (int i = 0; i < ops.size(); i++) {
            if (ops.invokeNanos(i) >= first || ops.completeNanos(i) < 0) {
                continue;
            }
            if (ops.isOk(i)) {
                ok++;
            } else {
                notOk++;
                example = example == null ? ops.describe(i) : example;
            }
        }
        long n = ok + notOk;
        if (n < MIN_OPERATIONS || (double) ok / n >= MIN_OK_SHARE) {
            return null;
        }
        return String.format(Locale.ROOT, "the stack was already failing before the first fault: %d of %d "
                + "operations in the %.1f s before it did not succeed, e.g. %s", notOk, n, first / 1e9, example);
    }
}
