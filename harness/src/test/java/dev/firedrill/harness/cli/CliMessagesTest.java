package dev.firedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.cli.CliForTests.Run;
import dev.firedrill.harness.fault.FaultSpec;
import dev.firedrill.harness.scenario.ScenarioYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a newcomer reads when they get something wrong: plain words, the closest valid word, no internals. */
class CliMessagesTest {
    @TempDir
    Path dir;

    static Run cli(String... args) {
        return CliForTests.run(args);
    }

    @Test
    void anUnknownCommandSuggestsTheClosestOne() {
        Run r = cli("rn", "replica-lag");
        assertThat(r.exit()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).contains("unknown command 'rn'; did you mean 'run'?").doesNotContain("Unmatched argument");
    }

    @Test
    void anUnknownOptionSuggestsTheClosestOne() {
        Run r = cli("run", "replica-lag", "--seeed", "3");
        assertThat(r.exit()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).contains("Unknown option '--seeed'").contains("did you mean '--seed'?");
    }

    @Test
    void aBinaryScenarioOrTopologyFileIsSaidNotToBeAUtf8YamlFile() throws Exception {
        Path bin = Files.write(dir.resolve("scenario.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0x80});
        Run r = cli("run", bin.toString());
        assertThat(r.exit()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).contains(bin + " is not a UTF-8 YAML file").doesNotContain("Input length");
        r = cli("validate", "-t", bin.toString());
        assertThat(r.exit()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).contains("is not a UTF-8 YAML file").doesNotContain("Input length");
    }

    @Test
    void faultTargetsReadAsTheUserWroteThemNotAsJavaRecords() {
        assertThat(FaultSpec.of("kill", "app-9", null, Map.of()).toFault().target()).isEqualTo("app-9");
        assertThat(FaultSpec.of("stop", "count(9)", null, Map.of()).toFault().target()).contains("9 instances");
        assertThat(FaultSpec.of("pause", "az(us-east-1b)", null, Map.of()).toFault().target()).contains("us-east-1b")
                .doesNotContain("InAz");
    }

    @Test
    void durationsInErrorsReadAsInAScenarioFile() {
        assertThatThrownBy(() -> ScenarioYaml.parse("name: s\nduration: 1m\nfaults:\n"
                + "  - {at: 50s, kind: kill, target: random, for: 20s}\n", "s.yaml"))
                .hasMessageContaining("at 50s for 20s ends after the run's duration 1m").hasMessageNotContaining("PT");
    }

    @Test
    void aToxicOptionErrorNamesTheFaultNotItsInternalToxic() {
        assertThatThrownBy(() -> FaultSpec.of("latency", "app->db", null, Map.of("latency", "10ms", "toxicity", "2"))
                .toFault()).hasMessageContaining("--toxicity 2").hasMessageNotContaining("latency_");
        assertThatThrownBy(() -> FaultSpec.of("slicer", "app->db", null, Map.of("average-size", "4",
                "size-variation", "8")).toFault()).hasMessageStartingWith("slicer").hasMessageNotContaining("slicer_");
    }
}
