package dev.firedrill.scenarios.ci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ci/scripts/summarize-report.sh} turns a result.json into one markdown table row. The fixtures are a
 * result.json written by the harness's own ReportWriter (its failover sample) and two variants of it.
 */
class SummarizeReportScriptTest {
    private static final Path SCRIPT = RepoRoot.get().resolve("ci/scripts/summarize-report.sh");

    @TempDir
    Path tmp;

    @BeforeEach
    void needsJq() {
        assumeTrue(Command.onPath("jq"), "jq is not on PATH; skipping the summarize-report.sh checks "
                + "(apt-get install -y jq)");
    }

    @Test
    void headerIsAFiveColumnMarkdownTable() throws Exception {
        Command.Result r = summarize("--header");

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout().lines()).containsExactly("| Scenario | Verdict | SLOs | Checks | Key figures |",
                "|---|---|---|---|---|");
    }

    @Test
    void aValidRunWithoutChecksOrSlosStillFillsEveryColumn() throws Exception {
        Command.Result r = summarize(fixture("result-minimal-valid.json"));

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).isEqualTo(
                "| replica-lag | ✅ valid | none | none | seed 7, timeScale 0.1, AWS-eq 120 s, faults 0 |\n");
    }

    @Test
    void aHarnessReportShowsItsKeyFiguresInAwsEquivalentTimeToo() throws Exception {
        Command.Result r = summarize(fixture("result-failover-unknown.json"));

        assertThat(r.exitCode()).as(r.describe()).isZero();
        String row = oneRow(r);
        assertThat(row).startsWith("| db-failover &lt;demo&gt; | ⚠️ unknown | 2/2 passed | ");
        assertThat(row).as("the unknown checker says why, clipped")
                .contains("⚠️ lost-writes (no final state given: ").contains("…) · ✅ stale-reads · ✅ recovery");
        assertThat(row).as("outage 2673 ms at timeScale 0.05 is 53.5 s on AWS")
                .contains("max outage 2673.1 ms (AWS-eq 53.5 s)")
                .contains("availability 86.75 %", "stale reads 0/2313", "seed 42", "AWS-eq 400 s", "faults 1");
        assertThat(columns(row)).isEqualTo(5);
    }

    @Test
    void aFailedSloIsNamedWithWhatWasMeasuredAndItsPipeIsEscaped() throws Exception {
        Command.Result r = summarize(fixture("result-az-outage-invalid.json"));

        assertThat(r.exitCode()).as(r.describe()).isZero();
        String row = oneRow(r);
        assertThat(row).startsWith("| az-outage | ❌ invalid | 1/2 passed<br>❌ write outage: 41000 ms "
                + "(expected ≤ 35000 ms AWS-equivalent) — outage lasted past the SLO \\| see recovery | ");
        assertThat(row).contains("❌ recovery", "not recovered 1");
        assertThat(columns(row)).as("an escaped pipe in a message must not open a sixth column").isEqualTo(5);
    }

    @Test
    void aScenarioWithoutResultGetsARowSayingWhy() throws Exception {
        Command.Result r = summarize("--missing", "partition", "exit code 2 | crashed");

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).isEqualTo("| partition | ❓ no result | — | — | exit code 2 \\| crashed |\n");
    }

    @Test
    void aMissingFileIsAUsageErrorThatNamesThePath() throws Exception {
        Path absent = tmp.resolve("nowhere/result.json");

        Command.Result r = summarize(absent.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).as("nothing half-written into the job summary").isEmpty();
        assertThat(r.stderr()).contains("no such file: " + absent);
    }

    @Test
    void aFileThatIsNotJsonIsRejectedWithTheParseError() throws Exception {
        Path notJson = Files.writeString(tmp.resolve("result.json"), "<html>oops</html>");

        Command.Result r = summarize(notJson.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("could not parse " + notJson + " as JSON");
    }

    @Test
    void jsonThatIsNotAnObjectIsRejected() throws Exception {
        Path array = Files.writeString(tmp.resolve("result.json"), "[1, 2]");

        Command.Result r = summarize(array.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("not an object");
    }

    private Command.Result summarize(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        return Command.run(Duration.ofSeconds(30), tmp, Map.of(), cmd);
    }

    private static String fixture(String name) throws URISyntaxException {
        return Path.of(SummarizeReportScriptTest.class.getResource(name).toURI()).toString();
    }

    private static String oneRow(Command.Result r) {
        assertThat(r.stdout().lines()).as("exactly one row:\n%s", r.describe()).hasSize(1);
        return r.stdout().strip();
    }

    /** Cells of a markdown table row: unescaped pipes minus one. */
    private static int columns(String row) {
        int pipes = 0;
        for (int i = 0; i < row.length(); i++) {
            if (row.charAt(i) == '|' && (i == 0 || row.charAt(i - 1) != '\\')) {
                pipes++;
            }
        }
        return pipes - 1;
    }
}
