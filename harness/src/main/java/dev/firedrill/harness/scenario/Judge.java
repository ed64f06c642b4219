package dev.firedrill.harness.scenario;

import dev.firedrill.harness.history.Stalls;
import dev.firedrill.harness.history.FaultWindow;
import dev.firedrill.harness.history.History;
import dev.firedrill.harness.history.Operations;
import dev.firedrill.harness.report.SloVerdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How the timing SLOs reach a verdict on a machine that may be busy. Evidence measured while the harness could
 * not keep time ({@link Stalls}) decides nothing: a violation found only there makes the SLO inconclusive, one
 * found in clean time fails it, and a pass whose margin a stall could have eaten is inconclusive too.
 */
final class Judge {
    /** An operation already in flight when a fault was requested is still the fault's doing. */
    static final long IN_FLIGHT_NANOS = 50_000_000L;

    private Judge() {
    }

    /** Counts violations in clean time and in stalls, and remembers the stalls that mattered. */
    static final class Tally {
        private final Stalls stalls;
        long clean;
        long tainted;
        String cleanExample;
        final Set<Stalls.Stall> seen = new LinkedHashSet<>();

        Tally(Stalls stalls) {
            this.stalls = stalls;
        }

        /** Counts a violation measured over [from, to]. */
        void violation(long fromNanos, long toNanos, String example) {
            List<Stalls.Stall> s = stalls.overlapping(fromNanos, toNanos);
            if (s.isEmpty()) {
                clean++;
                if (cleanExample == null) {
                    cleanExample = example;
                }
            } else {
                tainted++;
                seen.addAll(s);
            }
        }

        /** True when the operation over [from, to] was measured while the harness stalled. */
        boolean taints(long fromNanos, long toNanos) {
            List<Stalls.Stall> s = stalls.overlapping(fromNanos, toNanos);
            seen.addAll(s);
            return !s.isEmpty();
        }

        String stalls() {
            return Stalls.describe(new ArrayList<>(seen));
        }
    }

    /**
     * Failed when a violation was seen in clean time; inconclusive when every violation was measured in a stall;
     * passed otherwise. {@code why} is the failure message (it may use {@code t.cleanExample}).
     */
    static SloVerdict verdict(String name, String expected, String measured, Tally t, String why) {
        if (t.clean > 0) {
            return new SloVerdict(name, expected, measured, false, why);
        }
        if (t.tainted > 0) {
            return SloVerdict.inconclusive(name, expected, measured, t.tainted + " violation(s), all measured "
                    + "while the harness could not keep time: " + t.stalls() + "; none in clean time");
        }
        return new SloVerdict(name, expected, measured, true, "");
    }

    /**
     * For each fault, the span in which {@code op}'s failures are the fault's doing: from the request (less
     * {@link #IN_FLIGHT_NANOS}) until the heal or, when later, until {@code op} next completed ok after it.
     */
    static List<long[]> faultSpans(History h, String op) {
        Map<String, Double> recoveredAt = new HashMap<>();
        for (Outage o : Measures.outages(h, op)) {
            recoveredAt.put(o.faultId(), o.recovered() ? o.endMs() : Double.POSITIVE_INFINITY);
        }
        List<long[]> spans = new ArrayList<>();
        for (FaultWindow w : h.faults()) {
            double rec = recoveredAt.getOrDefault(w.faultId(), 0.0);
            long end = rec == Double.POSITIVE_INFINITY ? h.endNanos() : Math.max(w.healedNanos(), (long) (rec * 1e6));
            spans.add(new long[] {w.requestedNanos() - IN_FLIGHT_NANOS, end});
        }
        return spans;
    }

    static boolean inAny(List<long[]> spans, long t) {
        for (long[] s : spans) {
            if (t >= s[0] && t <= s[1]) {
                return true;
            }
        }
        return false;
    }

    /** "; 3 failed outside any fault (not judged here), e.g. …" or empty. */
    static String outside(long n, String op, String example) {
        return n == 0 ? "" : String.format(Locale.ROOT, "; %d failed %s outside any fault (not judged here), e.g. %s",
                n, op, example);
    }

    /** The first invocation time of the history's first fault, or the end of the history when there is none. */
    static long firstFaultNanos(History h) {
        return h.faults().stream().mapToLong(FaultWindow::requestedNanos).min().orElse(h.endNanos());
    }
}
