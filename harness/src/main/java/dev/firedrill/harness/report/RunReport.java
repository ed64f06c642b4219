package dev.firedrill.harness.report;

import dev.firedrill.harness.check.CheckResult;
import dev.firedrill.harness.history.History;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a report shows. {@code timeScale} is the factor applied to AWS durations for the rehearsal
 * (0.05 rehearses a 120 s failover in 6 s); AWS-equivalent times are scaled times / timeScale.
 *
 * @param topology free-form summary (component → description), written as given
 * @param links     label → href of related pages (e.g. a Gatling report that was the run's load), relative to the
 *                  report directory or absolute; shown at the top of index.html and in result.json
 * @param interruption where the run was cut short, or null when it ran to the end
 * @param evidence the topology, spans and flow records the report draws ({@link Evidence#NONE} when there are none)
 */
public record RunReport(String scenario, Map<String, Object> topology, long seed, double timeScale, History history,
                        List<CheckResult> checks, List<SloVerdict> slos, Map<String, String> links,
                        Interruption interruption, Evidence evidence) {
    public RunReport {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(history, "history");
        if (!(timeScale > 0)) {
            throw new IllegalArgumentException("timeScale must be > 0 (1.0 = real AWS durations), was " + timeScale);
        }
        topology = topology == null ? Map.of() : topology;
        checks = checks == null ? List.of() : List.copyOf(checks);
        slos = slos == null ? List.of() : List.copyOf(slos);
        links = links == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(links));
        evidence = evidence == null ? Evidence.NONE : evidence;
    }

    /** A report without evidence. */
    public RunReport(String scenario, Map<String, Object> topology, long seed, double timeScale, History history,
                     List<CheckResult> checks, List<SloVerdict> slos, Map<String, String> links,
                     Interruption interruption) {
        this(scenario, topology, seed, timeScale, history, checks, slos, links, interruption, Evidence.NONE);
    }

    /** A report of a run that ran to the end. */
    public RunReport(String scenario, Map<String, Object> topology, long seed, double timeScale, History history,
                     List<CheckResult> checks, List<SloVerdict> slos, Map<String, String> links) {
        this(scenario, topology, seed, timeScale, history, checks, slos, links, null);
    }

    /** A report without links. */
    public RunReport(String scenario, Map<String, Object> topology, long seed, double timeScale, History history,
                     List<CheckResult> checks, List<SloVerdict> slos) {
        this(scenario, topology, seed, timeScale, history, checks, slos, Map.of(), null);
    }
}
