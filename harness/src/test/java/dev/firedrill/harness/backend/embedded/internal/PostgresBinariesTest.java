package dev.firedrill.harness.backend.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One unpack (~2 s) shared by the class: a fresh cache per test would triple the cost. */
class PostgresBinariesTest {
    @TempDir
    static Path cache;

    @Test
    void concurrentCallersShareOneUnpackAndLaterCallsReuseIt() throws Exception {
        CompletableFuture<Path> a = CompletableFuture.supplyAsync(() -> PostgresBinaries.ensure(cache));
        CompletableFuture<Path> b = CompletableFuture.supplyAsync(() -> PostgresBinaries.ensure(cache));
        Path bin = a.join();
        assertThat(b.join()).isEqualTo(bin);
        assertThat(cache.toFile().list((dir, name) -> name.contains(".tmp-")))
                .as("temporary unpack directories are cleaned up").isEmpty();
        Path sentinel = Files.createFile(bin.getParent().resolve("sentinel"));

        Path again = PostgresBinaries.ensure(cache);

        assertThat(again).isEqualTo(bin);
        assertThat(sentinel).as("a second unpack would have replaced the directory").exists();
    }

    @Test
    void theBinDirectoryHasItsLibAndShareSiblingsAndAVersionedName() {
        Path bin = PostgresBinaries.ensure(cache);

        assertThat(bin.resolve("postgres")).isExecutable();
        assertThat(bin.resolve("initdb")).isExecutable();
        assertThat(bin.resolveSibling("lib").resolve("libpq.so.5")).exists();
        assertThat(bin.resolveSibling("share").resolve("postgresql/postgres.bki")).exists();
        assertThat(bin.getParent().getFileName().toString()).isEqualTo("postgres-" + PostgresBinaries.version());
    }

    @Test
    void binariesAreReadableAndExecutableByEveryone() throws Exception {
        Path bin = PostgresBinaries.ensure(cache);

        assertThat(Files.getPosixFilePermissions(bin.resolve("postgres")))
                .as("the fallback runs postgres as uid 65534")
                .contains(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.getPosixFilePermissions(bin.resolveSibling("share").resolve("postgresql/postgres.bki")))
                .contains(PosixFilePermission.OTHERS_READ);
    }
}
