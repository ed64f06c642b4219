package dev.firedrill.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.harness.history.FaultWindow;
import dev.firedrill.harness.net.FlowRecord;
import dev.firedrill.harness.report.internal.TraceJoin;
import dev.firedrill.harness.trace.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explaining sections of a report, on {@link SampleReports#partition()}'s synthetic evidence. */
class EvidenceReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RunReport report = SampleReports.partition();

    @TempDir
    Path dir;

    private FaultWindow fault(String id) {
        return report.history().faults().stream().filter(w -> w.faultId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aFailedRequestIsJoinedToTheSpanThatFailedAndTheRejectOfItsConnection() {
        TraceJoin join = new TraceJoin(report.history().operations(), report.evidence(), report.history().endNanos());

        TraceJoin.Request first = join.requests(fault("f1")).get(0);

        assertThat(first.outcome().wire()).isEqualTo("fail");
        assertThat(first.spans()).extracting(Span::service).containsExactly("alb", "app-under-test", "app-under-test");
        assertThat(first.failedCall().name()).as("the JDBC call, not the server spans above it")
                .isEqualTo("INSERT items");
        FlowRecord flow = first.flows().get(0);
        assertThat(flow.action()).isEqualTo("REJECT");
        assertThat(flow.edge()).isEqualTo(first.failedCall().instance() + "->db-writer");
        assertThat(flow.startEpochNanos()).as("the connection the call tried, not another request's")
                .isBetween(first.failedCall().startEpochNanos(), first.failedCall().endEpochNanos());
        assertThat(flow.reason()).startsWith("fault f1 partition");
    }

    @Test
    void theSlowestRequestsOfAWindowComeAfterTheFailedOnes() {
        TraceJoin join = new TraceJoin(report.history().operations(), report.evidence(), report.history().endNanos());

        List<TraceJoin.Request> reqs = join.requests(fault("f1"));

        assertThat(reqs).hasSize(8);
        assertThat(reqs.subList(5, 8)).allSatisfy(r -> {
            assertThat(r.slowest()).isTrue();
            assertThat(r.latencyNanos()).isGreaterThanOrEqualTo(40_000_000L);
            assertThat(r.spans()).as("sampled out in the sample").isEmpty();
        });
    }

    @Test
    void thePageDrawsTheFaultsWhereTheyHitAndExplainsTheFailures() throws Exception {
        String html = Files.readString(ReportWriter.write(dir, report));

        assertThat(html).contains("<svg id=\"topology-picture\"");
        for (String edge : List.of("app-1->db-writer", "app-2->db-writer", "app-3->db-writer")) {
            assertThat(html).contains("class=\"fault-mark edge-cut\" data-fault=\"f1\" data-hit=\""
                    + edge.replace(">", "&gt;") + "\"");
        }
        assertThat(html).contains("class=\"fault-mark component-hit\" data-fault=\"f2\" data-hit=\"app-3\"")
                .contains("f1 partition app-1-&gt;db-writer,app-2-&gt;db-writer,app-3-&gt;db-writer 4.0–12.0 s "
                        + "(80–240 s AWS)")
                .contains("f2 kill app-3 13.0–15.0 s (260–300 s AWS)");
        assertThat(html).as("lanes with health states and the kill on app-3")
                .contains("<g class=\"lane\" data-instance=\"app-3\">").contains("data-state=\"unhealthy\"")
                .contains("class=\"lane-fault\" data-fault=\"f2\"");
        assertThat(html).contains("<tr class=\"span error failed-call\"")
                .contains("Connection refused: db-writer:5432")
                .contains("no trace kept: tracing off or sampled out")
                .contains("<span class=\"flow reject\" data-edge=\"app-");
        assertThat(html).as("the raw topology is behind a fold")
                .contains("<details id=\"topology-fold\"><summary>Raw topology JSON");
    }

    @Test
    void resultJsonHasACompactEvidenceSection() throws Exception {
        ReportWriter.write(dir, report);

        JsonNode ev = JSON.readTree(dir.resolve("result.json").toFile()).get("evidence");

        assertThat(ev.get("spans").asInt()).isEqualTo(240);
        assertThat(ev.get("traces").asInt()).isEqualTo(80);
        assertThat(ev.get("flowRejects").asInt()).isEqualTo(80);
        assertThat(ev.get("tracedOperations").asInt()).isEqualTo(1_600);
        JsonNode f1 = ev.get("faults").get(0);
        assertThat(f1.get("id").asText()).isEqualTo("f1");
        assertThat(f1.get("hit").get("edges")).hasSize(3);
        assertThat(f1.get("failedTraces")).hasSize(50);
        assertThat(f1.get("failedTracesOmitted").asInt()).as("400 failed writes in f1").isEqualTo(350);
        assertThat(f1.get("flowLines").get(0).asText()).contains(" REJECT OK  app-");
    }

    @Test
    void aReportWithoutEvidenceSaysWhatItCannotShow() throws Exception {
        String html = Files.readString(ReportWriter.write(dir, SampleReports.failover()));

        assertThat(html).contains("no topology in this report").doesNotContain("<svg id=\"topology-picture\"")
                .contains("no trace kept: tracing off or sampled out").contains("no flow records in this window");
        JsonNode ev = JSON.readTree(dir.resolve("result.json").toFile()).get("evidence");
        assertThat(ev.get("spans").asInt()).isZero();
        assertThat(ev.get("faults").get(0).has("hit")).isFalse();
    }
}
