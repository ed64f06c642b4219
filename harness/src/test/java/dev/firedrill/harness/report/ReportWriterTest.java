package dev.firedrill.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void resultJsonHasEveryFieldTheSchemaRequires() throws Exception {
        ReportWriter.write(dir, SampleReports.failover());

        JsonNode result = JSON.readTree(dir.resolve("result.json").toFile());
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/dev/firedrill/harness/report/result.schema.json")) {
            schema = JSON.readTree(in);
        }
        schema.get("required").forEach(k -> assertThat(result.has(k.asText())).as("top-level " + k).isTrue());
        JsonNode defs = schema.get("$defs");
        for (String[] p : new String[][] {{"faults", "fault"}, {"checks", "check"}, {"slos", "slo"}}) {
            assertThat(result.get(p[0]).size()).as(p[0]).isPositive();
            for (JsonNode item : result.get(p[0])) {
                defs.get(p[1]).get("required").forEach(k ->
                        assertThat(item.has(k.asText())).as(p[0] + "." + k).isTrue());
            }
        }
        assertThat(result.get("verdict").asText())
                .as("lost-writes has writes but no final state, so the run cannot be called valid")
                .isEqualTo("unknown");
        assertThat(result.get("faults").get(0).get("awsEquivalent").get("durationMs").asDouble())
                .as("3 s scaled at timeScale 0.05 is 60 s on AWS").isEqualTo(60_000.0);
    }

    @Test
    void indexHtmlIsSelfContained() throws Exception {
        Path index = ReportWriter.write(dir, SampleReports.failover());

        String html = Files.readString(index);
        assertThat(html).as("no external resources: the page must open offline")
                .doesNotContain("src=\"http").doesNotContain("href=\"http").doesNotContain("__DATA_JSON__")
                .contains("uPlot").contains("db-failover &lt;demo&gt;");
        assertThat(html.indexOf("<script id=\"firedrill-data\"")).isPositive();
        assertThat(html).as("data cannot break out of its script element").doesNotContain("\"db-failover <demo>\"");
    }

    @Test
    void linksAreWrittenToResultJsonOnlyWhenGiven() throws Exception {
        RunReport plain = SampleReports.failover();
        ReportWriter.write(dir.resolve("plain"), plain);
        ReportWriter.write(dir.resolve("linked"), SampleReports.withLinks(plain,
                Map.of("Gatling report", "../../gatling/underfault-1/index.html")));

        assertThat(JSON.readTree(dir.resolve("plain/result.json").toFile()).has("links"))
                .as("reports without links keep the schema-1 shape").isFalse();
        assertThat(JSON.readTree(dir.resolve("linked/result.json").toFile()).get("links").get("Gatling report")
                .asText()).isEqualTo("../../gatling/underfault-1/index.html");
    }
}
