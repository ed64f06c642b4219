package dev.firedrill.harness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.firedrill.harness.FiredrillException;
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
 * with a verdict table, SLOs, the fault timeline and charts of throughput, error rate, latency and replica lag
 * with fault windows shaded.
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

    private ReportWriter() {
    }

    /** Writes result.json and index.html into {@code dir} (created when missing); returns the index.html path. */
    public static Path write(Path dir, RunReport report) {
        try {
            Files.createDirectories(dir);
            Map<String, Object> result = ResultJson.of(report);
            Files.writeString(dir.resolve(RESULT_JSON), JSON.writeValueAsString(result), StandardCharsets.UTF_8);
            Map<String, Object> page = new LinkedHashMap<>(result);
            page.put("series", Series.of(report.history()));
            String html = HtmlPage.render(report.scenario(), new ObjectMapper().writeValueAsString(page));
            Path index = dir.resolve(INDEX_HTML);
            Files.writeString(index, html, StandardCharsets.UTF_8);
            return index;
        } catch (IOException e) {
            throw new FiredrillException("cannot write report into " + dir + ": " + e.getMessage()
                    + "; check that the directory is writable and the disk not full", e);
        }
    }
}
