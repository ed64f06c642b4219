/**
 * Reports. {@link dev.firedrill.harness.report.ReportWriter} writes a
 * {@link dev.firedrill.harness.report.RunReport} (history, check results, SLO verdicts, topology summary) as
 * {@code result.json} (schema {@code result.schema.json}, described in docs/report.md) and a self-contained
 * {@code index.html}. {@link dev.firedrill.harness.report.SloVerdict} is one judged SLO (passed, failed or
 * inconclusive); {@link dev.firedrill.harness.report.Interruption} marks a run cut short. The {@code scenario}
 * runner calls it at the end of every run; the HTML and JSON rendering lives in {@code internal}.
 */
package dev.firedrill.harness.report;
