package dev.firedrill.harness.scenario;

import dev.firedrill.harness.report.SloVerdict;

/**
 * A service-level objective judged after a run: a name, what is expected, and an evaluation that quotes the
 * measured figure and, when broken, by how much. Build them with {@link Slos}.
 */
public interface Slo {
    String name();

    /** The bound in words, e.g. {@code "≤ 3000 ms"}. */
    String expected();

    /** Judges the run; never throws (an SLO that cannot be measured fails and says why). */
    SloVerdict evaluate(SloInput input);
}
