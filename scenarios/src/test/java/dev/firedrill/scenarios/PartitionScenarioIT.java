package dev.firedrill.scenarios;

import static dev.firedrill.harness.junit.FiredrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.harness.report.SloVerdict;
import dev.firedrill.harness.scenario.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Built-in scenario {@code partition}: app instances cut from the writer for 10 s. */
class PartitionScenarioIT {

    @Test
    void writesFailFastThroughTheBreakerReadsContinueAndWritesRecoverAfterHeal() {
        RunResult r = BuiltinScenario.run(BuiltinScenario.load("partition"));

        assertThat(r).completedWithoutError().hasNoLostWrites();
        explainsAFailedWrite(r);
        assertThat(r).passedAllSlos();
    }

    /**
     * The report explains why writes failed: a failed request's trace (always kept: it has an error span) shows
     * the app's JDBC call to the writer failing, and under it the flow log has the connection the partition cut or
     * refused, naming the fault.
     */
    static void explainsAFailedWrite(RunResult r) {
        JsonNode e;
        String html;
        try {
            e = new ObjectMapper().readTree(r.resultJson().toFile()).path("evidence");
            html = Files.readString(r.indexHtml());
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        JsonNode f1 = e.path("faults").path(0);
        assertThat(f1.path("failedTraces").size()).as("failed requests with a kept trace: " + e).isPositive();
        assertThat(f1.path("flowLines").toString()).as("flow lines of the fault window")
                .containsPattern("app-\\d_db-writer[^\"]*(REJECT|ACCEPT)[^\"]*fault f1 partition");
        assertThat(html).as("a failed call's waterfall with the flow records under it").contains("The failed call")
                .containsPattern("(UPDATE|INSERT|SELECT)[^<]*postgres");
    }

    @Test
    void withoutCircuitBreakersAndWithLongDbTimeoutsWritesHangAndTheSloSaysByHowMuch() {
        RunResult r = BuiltinScenario.run(BuiltinScenario.withAppEnv(BuiltinScenario.load("partition"),
                "weak-no-breaker", Map.of("BREAKERS_ENABLED", "false", "DB_TIMEOUT_MS", "5000")));

        SloVerdict v = BuiltinScenario.slo(r, "write fails fast");
        assertThat(v.failed()).as("writes waiting for a 5 s DB timeout do not fail fast").isTrue();
        assertThat(v.message()).as("the message says how far over the bound").containsPattern(
                "ms over the 100 ms bound");
    }
}
