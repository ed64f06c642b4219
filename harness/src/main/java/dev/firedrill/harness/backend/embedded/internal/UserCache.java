package dev.firedrill.harness.backend.embedded.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The versioned per-user cache ({@code $XDG_CACHE_HOME/firedrill} or {@code ~/.cache/firedrill}) where
 * binaries are installed once. Installs run behind a file lock and are published by an atomic rename,
 * so parallel JVMs install once and never see half a directory.
 */
final class UserCache {
    private UserCache() {
    }

    static Path root() {
        String override = System.getenv("FIREDRILL_CACHE");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("firedrill");
    }

    /** An installer fills {@code target} (a fresh temp dir). */
    interface Installer {
        void install(Path target) throws IOException;
    }

    /** Returns {@code root()/name}, installing it first if missing. */
    static Path ensure(String name, Installer installer) {
        Path dir = root().resolve(name);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(root());
            Path lockFile = root().resolve(name + ".lock");
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = ch.lock()) {
                if (Files.isDirectory(dir)) {
                    return dir;
                }
                Path tmp = Files.createTempDirectory(root(), name + ".tmp");
                try {
                    installer.install(tmp);
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    dev.firedrill.harness.internal.RunDirectories.deleteTree(tmp);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + name + " into " + root() + ": " + e.getMessage(), e);
        }
    }
}
