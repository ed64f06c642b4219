package dev.firedrill.harness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.firedrill.harness.FiredrillException;
import dev.firedrill.harness.report.internal.EvidenceHtml;
import dev.firedrill.harness.report.internal.HtmlPage;
import dev.firedrill.harness.report.internal.ResultJson;
import dev.firedrill.harness.report.internal.Series;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a run's report into a directory: {@code result.json} (schema: result.schema.json next to this class,
 * described in docs/report.md) and a self-contained {@code index.html} (uPlot and data inlined; opens offline)
 * with a verdict table, SLOs, the fault timeline, the topology picture with each fault drawn where it hit, per-instance
 * timelines, charts of throughput, error rate, latency and replica lag with fault windows shaded, the failed and
 * slowest requests of each fault window with their trace waterfalls, and the flow-log lines around each window.
 *
 * <pre>{@code
 * List<CheckResult> checks = Checker.runAll(StandardCheckers.all(), CheckInput.of(history));
 * ReportWriter.write(runDir, new RunReport("db-failover", topology, seed, 0.05, history, checks, slos));
 * }</pre>
 */
public final class ReportWriter {
    /** File names written. */
    public static final String RESULT_JSON = "result.json";
    public static final String INDEX_HTML = "index.html";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private static final ObjectMapper SPEC_JSON = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private ReportWriter() {
    }

    /** The topology that ran as a JSON tree, for the page's raw-topology fold; null without one. */
    private static Object topologySpec(RunReport report) {
        if (report.evidence().topology() == null) {
            return null;
        }
        try {
            return SPEC_JSON.valueToTree(report.evidence().topology());
        } catch (IllegalArgumentException e) {
            return "cannot write the topology as JSON: " + e.getMessage();
        }
    }

    /** Writes result.json and index.html into {@code dir} (created when missing); returns the index.html path. */
    public static Path write(Path dir, RunReport report) {
        try {
            Files.createDirectories(dir);
            Map<String, Object> result = ResultJson.of(report);
            Files.writeString(dir.resolve(RESULT_JSON), JSON.writeValueAsString(result), StandardCharsets.UTF_8);
            Map<String, Object> page = new LinkedHashMap<>(result);
            page.put("series", Series.of(report.history()));
            page.put("topologySpec", topologySpec(report));
            String html = HtmlPage.render(report.scenario(), new ObjectMapper().writeValueAsString(page),
                    EvidenceHtml.top(report), EvidenceHtml.detail(report));
            Path index = dir.resolve(INDEX_HTML);
            Files.writeString(index, html, StandardCharsets.UTF_8);
            return index;
        } catch (IOException e) {
            throw new FiredrillException("cannot write report into " + dir + ": " + e.getMessage()
                    + "; check that the directory is writable and the disk not full", e);
        }
    }
}
