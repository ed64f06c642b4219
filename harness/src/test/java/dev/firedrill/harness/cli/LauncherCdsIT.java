package dev.firedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data archive of the harness: written by the first {@code up}/{@code run} when it exits, checked
 * and moved into place by the next start, mapped after that; a broken leftover is thrown away; nothing of it shows
 * on stdout or stderr.
 */
class LauncherCdsIT {
    @TempDir
    Path dir;

    private Launcher.Result firedrill(Path cds, String... args) throws Exception {
        return Launcher.start(dir, dir.resolve("runs"), List.of(), Map.of("FIREDRILL_CDS_DIR", cds.toString()), args)
                .await(120);
    }

    private static List<String> names(Path cds) throws Exception {
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cds)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void firstRunWritesTheArchiveNextStartInstallsItAndLaterStartsMapIt() throws Exception {
        Path cds = dir.resolve("cds");
        // a user mistake: `run` exits 2 at once, and its JVM still writes what it loaded
        Launcher.Result first = firedrill(cds, "run", "no-such-scenario.yaml");
        assertThat(first.exitCode()).as(first.both()).isEqualTo(2);
        assertThat(first.stdout() + first.stderr()).as("no JVM log lines").doesNotContain("[warning]", "[cds");
        assertThat(names(cds)).as("written next to where it will live, under the writer's pid")
                .singleElement().asString().matches("harness-\\d+\\.jsa\\.tmp-\\d+");

        Launcher.Result second = firedrill(cds, "--version");
        assertThat(second.exitCode()).as(second.both()).isZero();
        assertThat(second.stderr()).isEmpty();
        List<String> installed = names(cds);
        assertThat(installed).as("checked with -Xshare:on and moved into place").singleElement().asString()
                .matches("harness-\\d+\\.jsa");
        long size = Files.size(cds.resolve(installed.get(0)));

        Launcher.Result third = firedrill(cds, "run", "no-such-scenario.yaml");
        assertThat(third.exitCode()).as(third.both()).isEqualTo(2);
        assertThat(third.stderr()).as("same error as without the archive").isEqualTo(first.stderr());
        assertThat(names(cds)).as("mapped, not written again").isEqualTo(installed);
        assertThat(Files.size(cds.resolve(installed.get(0)))).isEqualTo(size);
    }

    @Test
    void brokenOrForeignLeftoversOfDeadWritersAreThrownAway() throws Exception {
        Path cds = Files.createDirectories(dir.resolve("cds"));
        Launcher.Result probe = firedrill(cds, "run", "no-such-scenario.yaml");
        String tmp = names(cds).get(0);
        // as if its writer had been killed half-way: truncated, and its pid long gone
        Path broken = cds.resolve(tmp.replaceAll("tmp-\\d+$", "tmp-999999999"));
        Files.move(cds.resolve(tmp), broken);
        Files.write(broken, new byte[] {1, 2, 3, 4});
        // another build's, left by a writer that is gone
        Files.write(cds.resolve("harness-12345.jsa.tmp-999999998"), new byte[] {5, 6});
        Launcher.Result next = firedrill(cds, "--version");
        assertThat(next.exitCode()).as(next.both()).isZero();
        assertThat(next.stderr()).isEmpty();
        assertThat(names(cds)).as("removed, nothing installed").isEmpty();
        assertThat(probe.exitCode()).isEqualTo(2);
    }

    @Test
    void upSaysWhenItWritesTheArchiveOnItsWayOut() throws Exception {
        Path cds = dir.resolve("cds");
        String note = "writing the harness's class-data archive";
        // the harness module builds before the reference app: a one-instance fleet of the tests' Python app
        try (java.io.InputStream in = LauncherCdsIT.class.getResourceAsStream("app.py")) {
            Files.write(dir.resolve("app.py"), in.readAllBytes());
        }
        Files.writeString(dir.resolve("t.yaml"), "timeScale: 0.01\nfleet: {count: 1, app: {command: [python3, app.py]}}\n");
        Launcher.Result first = firedrill(cds, "up", "-t", "t.yaml", "--exit-when-ready", "--endpoints",
                dir.resolve("endpoints.json").toString());
        assertThat(first.exitCode()).as(first.both()).isZero();
        assertThat(first.stdout()).as("the last line, after everything stopped").contains(note);
        assertThat(first.stderr()).doesNotContain("[warning]", "[cds");
        Launcher.Result second = firedrill(cds, "up", "-t", "t.yaml", "--exit-when-ready", "--endpoints",
                dir.resolve("endpoints.json").toString());
        assertThat(second.exitCode()).as(second.both()).isZero();
        assertThat(second.stdout()).as("mapped now, nothing to write").doesNotContain(note);
    }

    @Test
    void offMeansNoArchive() throws Exception {
        Path cds = dir.resolve("cds");
        Launcher.Result r = Launcher.start(dir, dir.resolve("runs"), List.of(),
                Map.of("FIREDRILL_CDS_DIR", cds.toString(), "FIREDRILL_CDS", "off"), "run", "no-such-scenario.yaml")
                .await(120);
        assertThat(r.exitCode()).as(r.both()).isEqualTo(2);
        assertThat(names(cds)).isEmpty();
    }
}
