package dev.firedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.cli.CliForTests.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --backend} on the command line, in-process: an unknown name is bad input listing the backends, and the
 * scenarios run on any backend — here the in-memory {@code fake} one of the test class path, whose runs take well
 * under a second — with the seed deciding which instance a {@code count(1)} kill hits.
 */
class CliBackendTest {
    @TempDir
    Path dir;

    static Run cli(String... args) {
        return CliForTests.run(args);
    }

    @Test
    void anUnknownBackendIsBadInputThatListsTheBackends() {
        Run r = cli("up", "--backend", "nope");
        assertThat(r.exit()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).contains("--backend: unknown backend 'nope'").contains("embedded (")
                .contains("fake (").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(cli("run", "instance-loss", "--backend", "nope").err()).contains("unknown backend 'nope'");
    }

    @Test
    void anUnknownBackendInATopologyFileNamesTheFileAndKey() throws Exception {
        Path t = Files.writeString(dir.resolve("t.yaml"), "backend: containerz\n");
        Run r = cli("validate", "-t", t.toString());
        assertThat(r.exit()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).contains(t + ": backend: unknown backend 'containerz'");
    }

    @Test
    void helpListsTheBackends() {
        // picocli wraps the option's description at the help width: compare with the wrapping undone
        String help = cli("up", "--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("--backend").contains("embedded (everything on this machine")
                .contains("containers (every component a Docker container");
        assertThat(cli("run", "--help").out()).contains("--backend");
    }

    @Test
    void theSeedDecidesWhichInstanceIsKilledAndTheSummarySaysWhichFromTheHistory() {
        String one = killed("1");
        assertThat(killed("1")).as("the same seed twice").isEqualTo(one);
        boolean differs = false;
        for (int seed = 2; seed <= 8 && !differs; seed++) {
            differs = !killed(Integer.toString(seed)).equals(one);
        }
        assertThat(differs).as("another seed of 2..8 kills another of the 3 instances").isTrue();
    }

    /** instance-loss's fault and workload, 0.3 s long (the built-in one takes 15 s, on any backend). */
    private String killed(String seed) {
        Path s = dir.resolve("short-instance-loss.yaml");
        try {
            Files.writeString(s, "name: short-instance-loss\nseed: 42\ntopology: {timeScale: 0.05}\n"
                    + "workload: {clients: 2, rate: 50, keys: 5, mix: {write: 1, read: 1}}\n"
                    + "warmup: 0s\nduration: 300ms\n"
                    + "faults:\n  - {at: 0s, kind: kill, target: count(1), for: 200ms}\nslos: [noLostWrites]\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Run r = cli("run", s.toString(), "--backend", "fake", "--seed", seed, "--report-dir",
                dir.resolve("reports").toString());
        assertThat(r.out()).as(r.err()).contains("backend fake");
        Matcher m = Pattern.compile("(?m)^f1\\s+kill\\s+(app-\\d)\\s").matcher(r.out());
        assertThat(m.find()).as("a faults table naming what f1 hit:\n" + r.out()).isTrue();
        return m.group(1);
    }
}
