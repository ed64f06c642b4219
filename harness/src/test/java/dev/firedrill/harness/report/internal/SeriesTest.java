package dev.firedrill.harness.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.check.SyntheticWorkload;
import dev.firedrill.harness.history.History;
import dev.firedrill.harness.history.Operations;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class SeriesTest {
    @Test
    void failedRequestsAreTheirOwnLatencySeries() {
        History h = SyntheticWorkload.generate(20_000, 3, 2_000, 4_000).history();
        Operations ops = h.operations();
        int failed = 0;
        for (int i = 0; i < ops.size(); i++) {
            failed += ops.isOk(i) ? 0 : 1;
        }
        assertThat(failed).as("the synthetic fault window has failed requests").isPositive();

        Map<String, Object> s = Series.of(h);
        List<?> failedP99 = (List<?>) s.get("latencyFailedP99Ms");
        List<?> okP99 = (List<?>) s.get("latencyP99Ms");
        assertThat(failedP99).hasSameSizeAs(okP99);
        assertThat(failedP99.stream().filter(Objects::nonNull).count()).as("buckets with failed requests").isPositive();
        assertThat(failedP99.stream().filter(Objects::nonNull).count())
                .as("only buckets with failures have a failed latency").isLessThan(okP99.stream().filter(Objects::nonNull).count());
    }

    @Test
    void theLatencyChartDrawsTheFailedSeries() throws Exception {
        try (InputStream in = Series.class.getResourceAsStream("/dev/firedrill/harness/report/index.template.html")) {
            String page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(page).contains("['failed p99', '#c62828', S.latencyFailedP99Ms]");
        }
    }
}
