/**
 * Reports. {@link dev.firedrill.harness.report.ReportWriter} writes a
 * {@link dev.firedrill.harness.report.RunReport} (history, check results, SLO verdicts, topology summary) as
 * {@code result.json} (schema {@code result.schema.json}, described in docs/report.md) and a self-contained
 * {@code index.html}; with {@link dev.firedrill.harness.report.Evidence} (the topology, spans and flow records) the page
 * also draws the topology with the faults where they hit, per-instance lanes, the trace waterfalls of failed requests
 * with the flow records of their failed calls, and the flow-log lines around each fault. {@link dev.firedrill.harness.report.SloVerdict} is one judged SLO (passed, failed or
 * inconclusive); {@link dev.firedrill.harness.report.Interruption} marks a run cut short. The {@code scenario}
 * runner calls it at the end of every run; the HTML and JSON rendering lives in {@code internal}.
 */
package dev.firedrill.harness.report;
