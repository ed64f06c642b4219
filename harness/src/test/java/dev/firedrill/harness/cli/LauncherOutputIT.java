package dev.firedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.scenario.ScenarioYaml;
import dev.firedrill.harness.topology.Topology;
import dev.firedrill.harness.topology.TopologyYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the launcher prints when its output goes to a file or a pipe, as in the README's examples. */
class LauncherOutputIT {
    @TempDir
    Path dir;

    Launcher.Result firedrill(String... args) throws Exception {
        return Launcher.run(dir, Files.createDirectories(dir.resolve("runs")), 60, args);
    }

    @Test
    void topologyRedirectedToAFileWritesTheWholeDefaultTopology() throws Exception {
        Launcher.Result r = firedrill("topology");
        assertThat(r.exitCode()).as(r.both()).isZero();
        assertThat(r.stdout()).as("stdout redirected to a file").contains("fleet:").contains("timeScale");
        Path f = Files.writeString(dir.resolve("shop.yaml"), r.stdout());
        assertThat(TopologyYaml.load(f)).as("what it prints parses back to the default").isEqualTo(Topology.defaults());
    }

    @Test
    void listShowRedirectedToAFileWritesAScenarioThatLoads() throws Exception {
        Launcher.Result r = firedrill("list", "--show", "failover");
        assertThat(r.exitCode()).as(r.both()).isZero();
        assertThat(r.stdout()).isEqualTo(ScenarioYaml.builtinText("failover"));
        Path f = Files.writeString(dir.resolve("my.yaml"), r.stdout());
        assertThat(ScenarioYaml.load(f).scenario().name()).isEqualTo("failover");
    }

    @Test
    void bareFiredrillPrintsTheSameUsageAsHelpWithoutWrappingAt80Columns() throws Exception {
        Launcher.Result bare = firedrill();
        Launcher.Result help = firedrill("--help");
        assertThat(bare.exitCode()).as(bare.both()).isZero();
        assertThat(bare.stdout()).isNotBlank().isEqualTo(help.stdout());
        assertThat(Arrays.stream(bare.stdout().split("\n")).mapToInt(String::length).max().orElse(0))
                .as("usage is laid out at the --help width, not picocli's default 80").isGreaterThan(80);
    }

    @Test
    void listPrintsOneLinePerBuiltInScenario() throws Exception {
        Launcher.Result r = firedrill("list");
        assertThat(r.exitCode()).as(r.both()).isZero();
        String[] lines = r.stdout().strip().split("\n");
        assertThat(lines).as("a header, then one line per scenario:\n" + r.stdout())
                .hasSize(1 + ScenarioYaml.BUILTIN_NAMES.size());
        for (int i = 0; i < ScenarioYaml.BUILTIN_NAMES.size(); i++) {
            assertThat(lines[i + 1].strip()).startsWith(ScenarioYaml.BUILTIN_NAMES.get(i) + " ");
            assertThat(lines[i + 1].length()).as("fits a terminal: " + lines[i + 1]).isLessThanOrEqualTo(110);
        }
    }

    @Test
    void listVerboseKeepsTheDetail() throws Exception {
        Launcher.Result r = firedrill("list", "--verbose");
        assertThat(r.exitCode()).as(r.both()).isZero();
        assertThat(r.stdout()).contains("fault(s)").contains("SLO(s)")
                .contains(ScenarioYaml.builtin("failover").description().strip().split("\\s+")[0]);
    }
}
