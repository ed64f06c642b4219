package dev.firedrill.scenarios.ci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ci/scripts/run-scenario.sh}, the nightly job's step, against a stand-in {@code ./firedrill} launcher
 * (a few lines of bash that print, write a result.json and exit as told): the script's own logic is what is
 * under test, the real CLI has its own tests.
 */
class RunScenarioScriptTest {
    @TempDir
    Path repo;

    private Path summary;
    private Path reports;

    @BeforeEach
    void copyScriptsNextToAStandInLauncher() throws IOException {
        assumeTrue(Command.onPath("jq"), "jq is not on PATH; skipping (apt-get install -y jq)");
        Path scripts = Files.createDirectories(repo.resolve("ci/scripts"));
        try (Stream<Path> s = Files.list(RepoRoot.get().resolve("ci/scripts"))) {
            for (Path script : s.toList()) {
                Files.copy(script, scripts.resolve(script.getFileName()));
                executable(scripts.resolve(script.getFileName()));
            }
        }
        summary = repo.resolve("step-summary.md");
        reports = repo.resolve("target/nightly/failover");
    }

    @Test
    void aFailedSloExitsOneAfterSummarizingAndKeepingTheLog() throws Exception {
        launcher(true, "result-az-outage-invalid.json", 1);

        Command.Result r = runScenario("failover", reports.toString(), "0.25", "3", "9");

        assertThat(r.exitCode()).as("the CLI's exit code 1 (an SLO failed) turns the job red:\n%s", r.describe())
                .isEqualTo(1);
        assertThat(Files.readString(reports.resolve("exit-code")).strip()).isEqualTo("1");
        assertThat(Files.readString(reports.resolve("firedrill.log")))
                .contains("args: run failover --report-dir " + reports + " --seed 9 --time-scale 0.25 "
                        + "--duration-factor 3");
        assertThat(Files.readAllLines(summary)).hasSize(3)
                .startsWith("| Scenario | Verdict | SLOs | Checks | Key figures |");
        assertThat(Files.readAllLines(summary).get(2)).startsWith("| az-outage | ❌ invalid | 1/2 passed");
        try (Stream<Path> s = Files.list(reports)) {
            assertThat(s.map(p -> p.getFileName().toString())).as("the marker of the run's start is removed")
                    .doesNotContain(".started");
        }
    }

    @Test
    void anInconclusiveRunIsAWarningNotARedJobAndKeepsItsExitCode() throws Exception {
        launcher(true, "result-queue-outage-inconclusive.json", 3);

        Command.Result r = runScenario("queue-outage", reports.toString(), "0.25", "1", "9");

        assertThat(r.exitCode()).as("a busy runner is not a broken stack:\n%s", r.describe()).isZero();
        assertThat(r.describe()).contains("::warning title=queue-outage inconclusive::");
        assertThat(Files.readString(reports.resolve("exit-code")).strip()).isEqualTo("3");
        assertThat(Files.readAllLines(summary).get(2)).startsWith("| queue-outage | ⚠️ inconclusive | 1/2 passed")
                .contains("⚠️ enqueue fails clearly").doesNotContain("❌");
    }

    @Test
    void theDurationFactorIsDroppedWithAWarningWhenTheCliHasNoSuchOption() throws Exception {
        launcher(false, "result-minimal-valid.json", 0);

        Command.Result r = runScenario("replica-lag", reports.toString(), "0.2", "3", "1");

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).contains("::warning title=duration factor ignored::");
        assertThat(Files.readString(reports.resolve("firedrill.log"))).doesNotContain("--duration-factor");
    }

    @Test
    void aRunThatLeavesNoResultGetsARowWithItsExitCodeAndLastOutput() throws Exception {
        launcher(true, null, 2);

        Command.Result r = runScenario("partition", reports.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(Files.readAllLines(summary).get(2))
                .startsWith("| partition | ❓ no result | — | — | exit code 2, no result.json; last output: ")
                .contains("boom: no result");
    }

    @Test
    void aResultLeftByAnEarlierRunInTheSameDirectoryIsNotReported() throws Exception {
        Path old = Files.createDirectories(reports.resolve("failover/earlier"));
        Files.copy(Path.of(SummarizeReportScriptTest.class.getResource("result-minimal-valid.json").toURI()),
                old.resolve("result.json"));
        Files.setLastModifiedTime(old.resolve("result.json"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        launcher(true, null, 2);

        Command.Result r = runScenario("failover", reports.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(Files.readAllLines(summary).get(2)).startsWith("| failover | ❓ no result |");
    }

    @Test
    void aTimeScaleOfZeroIsRefusedBeforeTheCliRuns() throws Exception {
        launcher(true, null, 0);

        Command.Result r = runScenario("failover", reports.toString(), "0");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("time scale '0' must be a positive number");
        assertThat(reports.resolve("firedrill.log")).doesNotExist();
    }

    @Test
    void aScenarioNameWithShellCharactersIsRefused() throws Exception {
        launcher(true, null, 0);

        Command.Result r = runScenario("x; rm -rf /", reports.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("is not a scenario name");
    }

    private Command.Result runScenario(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", repo.resolve("ci/scripts/run-scenario.sh").toString()));
        cmd.addAll(List.of(args));
        return Command.run(Duration.ofSeconds(60), repo, Map.of("GITHUB_STEP_SUMMARY", summary.toString()), cmd);
    }

    /** A stand-in ./firedrill: `run --help`, then `run SCENARIO --report-dir DIR ...` copying {@code fixture}. */
    private void launcher(boolean offersDurationFactor, String fixture, int exitCode) throws Exception {
        String source = fixture == null ? ""
                : Path.of(SummarizeReportScriptTest.class.getResource(fixture).toURI()).toString();
        Path launcher = Files.writeString(repo.resolve("firedrill"), String.join("\n",
                "#!/usr/bin/env bash",
                "if [[ \"${2:-}\" == --help ]]; then",
                "  echo 'Usage: firedrill run [--report-dir DIR] [--seed N] [--time-scale X]"
                        + (offersDurationFactor ? " [--duration-factor F]" : "") + " SCENARIO'",
                "  exit 0",
                "fi",
                "echo \"args: $*\"",
                "if [[ -n '" + source + "' ]]; then",
                "  mkdir -p \"$4/$2/20261125-000000\" && cp '" + source + "' \"$4/$2/20261125-000000/result.json\"",
                "else",
                "  echo 'boom: no result' >&2",
                "fi",
                "exit " + exitCode,
                ""));
        executable(launcher);
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
