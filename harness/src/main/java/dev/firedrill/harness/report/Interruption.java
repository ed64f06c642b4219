package dev.firedrill.harness.report;

import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.check.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a run was cut short (Ctrl-C, SIGTERM, a JUnit timeout): its faults were healed but what it did not finish
 * is not judged. A report with an interruption has verdict {@code unknown}, SLOs {@code not judged}, and keeps only
 * the checks that held on the part that ran.
 *
 * @param phase the runner's phase when it was interrupted ({@code warmup}, {@code run}, {@code final-reads}, …)
 * @param after time since the runner started
 * @param cause why the deployment stopped the run (a stop-condition alarm fired, the maximum run time was
 *     reached), or null for a signal or a timeout from outside
 */
public record Interruption(String phase, Duration after, String cause) {
    public Interruption {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(after, "after");
    }

    public Interruption(String phase, Duration after) {
        this(phase, after, null);
    }

    /** {@code "run interrupted at run after 4.2 s"}, or {@code "run stopped at run after 61.0 s: <cause>"}. */
    public String reason() {
        if (cause != null) {
            return String.format(Locale.ROOT, "run stopped at %s after %.1f s: %s", phase, after.toMillis() / 1000.0,
                    cause);
        }
        return String.format(Locale.ROOT, "run interrupted at %s after %.1f s", phase, after.toMillis() / 1000.0);
    }

    /** The SLOs as not judged: {@code measured} and {@code message} say why. */
    public SloVerdict notJudged(String name, String expected) {
        return new SloVerdict(name, expected, "not judged", false, reason() + ": not judged", reason());
    }

    /**
     * A check that held on the part that ran stays valid; one that found a problem or lacked an input is
     * {@code unknown}: an unfinished run cannot tell a real anomaly from a cut-off one (an outage still open).
     */
    public CheckResult partial(CheckResult c) {
        if (c.verdict() == Verdict.VALID) {
            return c;
        }
        String was = c.verdict() == Verdict.INVALID ? "would be invalid" : "unknown";
        String detail = c.error() == null ? "" : ": " + c.error();
        return new CheckResult(c.name(), Verdict.UNKNOWN, c.figures(), c.examples(),
                reason() + " (" + was + " on the part that ran" + detail + ")");
    }

    /** {@link #partial(CheckResult)} of each. */
    public List<CheckResult> partial(List<CheckResult> checks) {
        return checks.stream().map(this::partial).toList();
    }
}
