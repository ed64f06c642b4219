package dev.firedrill.scenarios.ci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub Actions workflows in {@code ci/workflows}: each passes {@code @action-validator/cli} (GitHub's
 * workflow schema), and the scripts and scenario lists they rely on agree with the repository.
 */
class CiWorkflowsTest {
    private static final Path WORKFLOWS = RepoRoot.get().resolve("ci/workflows");

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyWorkflowPassesTheActionValidator() throws IOException {
        List<Path> files = workflowFiles();
        assertThat(files).as("ci/workflows holds the pull-request and nightly workflows")
                .extracting(p -> p.getFileName().toString())
                .contains("pull-request.yml", "nightly.yml");
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Command.Result result = ActionValidator.validate(file);
            assertThat(result.exitCode()).as("action-validator %s on %s:\n%s", ActionValidator.VERSION, file,
                    result.describe()).isZero();
        }));
    }

    @Test
    void aWorkflowWithAMisspelledRunsOnIsRejectedByTheValidator() throws Exception {
        Path broken = Files.writeString(tmp.resolve("broken.yml"), String.join("\n",
                "name: broken",
                "on: push",
                "jobs:",
                "  build:",
                "    runs-onn: ubuntu-24.04",
                "    steps:",
                "      - uses: actions/checkout@v4",
                ""));

        Command.Result result = ActionValidator.validate(broken);

        assertThat(result.exitCode()).as("a broken workflow must fail validation:\n%s", result.describe())
                .isNotZero();
        assertThat(result.stdout() + result.stderr()).as("the validator names the bad key")
                .contains("runs-onn");
    }

    @Test
    void aWorkflowThatIsNotYamlIsRejectedByTheValidator() throws Exception {
        Path broken = Files.writeString(tmp.resolve("unclosed.yml"), "name: unclosed\non: [push\n");

        Command.Result result = ActionValidator.validate(broken);

        assertThat(result.exitCode()).as(result.describe()).isNotZero();
        assertThat(result.stdout() + result.stderr()).contains("parse_error");
    }

    @Test
    void nightlySummaryListsTheSameScenariosAsTheMatrix() throws IOException {
        String nightly = Files.readString(WORKFLOWS.resolve("nightly.yml"));

        List<String> matrix = words(nightly, "(?m)^\\s*scenario:\\s*\\[([^\\]]*)\\]", ",");
        List<String> summary = words(nightly, "(?m)^\\s*for scenario in ([^;]*);", " ");

        assertThat(matrix).as("the scenario matrix").containsExactly("replica-lag", "instance-loss", "partition",
                "failover", "cache-outage", "queue-outage", "az-outage");
        assertThat(summary).as("the summary job's loop must name every matrix scenario, or a job that uploaded "
                + "nothing gets no row").isEqualTo(matrix);
    }

    @Test
    void everyScriptTheWorkflowsCallIsInTheRepositoryAndExecutable() throws IOException {
        Pattern scriptRef = Pattern.compile("ci/scripts/[A-Za-z0-9._-]+\\.sh");
        List<String> referenced = workflowFiles().stream().flatMap(f -> {
            try {
                return scriptRef.matcher(Files.readString(f)).results().map(m -> m.group());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).distinct().sorted().collect(Collectors.toList());

        assertThat(referenced).as("the workflows call the ci/scripts helpers")
                .contains("ci/scripts/summarize-report.sh", "ci/scripts/run-scenario.sh");
        for (String script : referenced) {
            Path path = RepoRoot.get().resolve(script);
            assertThat(Files.isExecutable(path)).as("%s exists and is executable (git update-index --chmod=+x)", script)
                    .isTrue();
            assertThat(Files.readString(path)).as("%s stops at the first error", script)
                    .contains("set -euo pipefail");
        }
    }

    @Test
    void copiesInstalledUnderDotGithubAreIdenticalToTheirOriginals() throws IOException {
        Path installed = RepoRoot.get().resolve(".github/workflows");
        assumeTrue(Files.isDirectory(installed) && !Files.isSymbolicLink(installed),
                "no copied workflows in .github/workflows (not installed, or installed as a symlink)");
        for (Path original : workflowFiles()) {
            Path copy = installed.resolve(original.getFileName());
            if (Files.exists(copy)) {
                assertThat(Files.readString(copy)).as("%s differs from %s: copy it again "
                        + "(cp ci/workflows/*.yml .github/workflows/)", copy, original)
                        .isEqualTo(Files.readString(original));
            }
        }
    }

    private static List<Path> workflowFiles() throws IOException {
        try (Stream<Path> s = Files.list(WORKFLOWS)) {
            return s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted()
                    .collect(Collectors.toList());
        }
    }

    private static List<String> words(String text, String regex, String separator) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("nightly.yml has a line matching %s", regex).isTrue();
        return Arrays.stream(m.group(1).split(separator)).map(String::strip).filter(w -> !w.isEmpty())
                .collect(Collectors.toList());
    }
}
