package dev.firedrill.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.backend.embedded.internal.ClassDataArchive;
import dev.firedrill.harness.backend.embedded.internal.ReferenceApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference app's class-data archive: written once with the real jar, accepted by the JVM, reused. */
class ReferenceAppArchiveIT {
    @TempDir
    Path cds;

    @AfterEach
    void restore() {
        System.clearProperty("firedrill.cds.dir");
        System.clearProperty("firedrill.cds");
    }

    @Test
    void writtenOnceAcceptedByTheJvmAndMappedByEveryInstance() throws Exception {
        System.setProperty("firedrill.cds.dir", cds.toString());
        assertThat(ReferenceApp.archive()).isEmpty();
        assertThat(ReferenceApp.command()).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));

        Optional<Path> written = ReferenceApp.prepareArchive();
        assertThat(written).as("written by a --cds-warmup run of the jar").isPresent();
        Path archive = written.get();
        assertThat(archive.getParent()).isEqualTo(cds);
        assertThat(Files.size(archive)).as("a real archive, not an empty file").isGreaterThan(1_000_000);
        try (var files = Files.list(cds)) {
            assertThat(files.toList()).as("no work files left").containsExactly(archive);
        }

        // -Xshare:on fails instead of ignoring an archive the JVM will not map (wrong jar, wrong JVM, corrupt)
        List<String> check = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        check.addAll(ReferenceApp.jvmFlags());
        check.addAll(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-cp", ReferenceApp.jar().toString(),
                "-version"));
        Process p = new ProcessBuilder(check).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        long mtime = Files.getLastModifiedTime(archive).toMillis();
        assertThat(ReferenceApp.prepareArchive()).contains(archive);
        assertThat(Files.getLastModifiedTime(archive).toMillis()).as("reused, not rewritten").isEqualTo(mtime);
        assertThat(ReferenceApp.command()).contains("-XX:SharedArchiveFile=" + archive, "-Xlog:all=warning:stderr");
    }

    @Test
    void offLeavesTheCommandAsItWas() {
        System.setProperty("firedrill.cds.dir", cds.toString());
        System.setProperty("firedrill.cds", "off");
        assertThat(ReferenceApp.prepareArchive()).isEmpty();
        assertThat(ReferenceApp.command()).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
        assertThat(ClassDataArchive.enabled()).isFalse();
    }
}
