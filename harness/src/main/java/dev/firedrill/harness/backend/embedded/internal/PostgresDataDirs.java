package dev.firedrill.harness.backend.embedded.internal;

import dev.firedrill.harness.ProvisioningException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Copies PostgreSQL data directories: a cleanly shut down one whole ({@link #copyStopped}), or a live
 * one during an online backup ({@link #copyLive}), leaving out what pg_basebackup leaves out: the
 * server's pid and options, WAL (the replica streams it), replication slots, and runtime scratch
 * directories whose contents are recreated at start.
 */
final class PostgresDataDirs {
    private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "backup_label",
            "tablespace_map", "standby.signal", "recovery.signal", "backup_manifest", "pg_internal.init",
            "current_logfiles");
    /** Copied as empty directories. */
    private static final Set<String> EMPTIED_DIRS = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify",
            "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");

    private PostgresDataDirs() {
    }

    /** Copies a stopped cluster (the template), WAL included, into {@code target} (absent or empty). */
    static void copyStopped(Path source, Path target) {
        copy(source, target, false);
    }

    /** Copies a running cluster between pg_backup_start and pg_backup_stop into {@code target}. */
    static void copyLive(Path source, Path target) {
        copy(source, target, true);
    }

    private static void copy(Path source, Path target, boolean live) {
        try {
            if (Files.isDirectory(target)) {
                try (var entries = Files.list(target)) {
                    if (entries.findAny().isPresent()) {
                        throw new ProvisioningException("postgres", "data directory " + target
                                + " is not empty; give each instance a fresh directory");
                    }
                }
            }
            Files.createDirectories(target);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
            Files.walkFileTree(source, new Copier(source, target, live));
            // PostgreSQL 17 needs these under pg_wal even when it is empty.
            Files.createDirectories(target.resolve("pg_wal/archive_status"));
            Files.createDirectories(target.resolve("pg_wal/summaries"));
        } catch (IOException e) {
            throw new ProvisioningException("postgres", "cannot copy data directory " + source + " to " + target
                    + ": " + e.getMessage(), e);
        }
    }

    private static final class Copier extends SimpleFileVisitor<Path> {
        private final Path source;
        private final Path target;
        private final boolean live;

        Copier(Path source, Path target, boolean live) {
            this.source = source;
            this.target = target;
            this.live = live;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            Path rel = source.relativize(dir);
            if (rel.getFileName() != null && rel.getFileName().toString().startsWith("pgsql_tmp")) {
                return FileVisitResult.SKIP_SUBTREE;
            }
            Path out = target.resolve(rel.toString());
            Files.createDirectories(out);
            Files.setPosixFilePermissions(out, Files.getPosixFilePermissions(dir));
            return live && rel.getNameCount() == 1 && EMPTIED_DIRS.contains(rel.toString())
                    ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            if (SKIPPED_FILES.contains(file.getFileName().toString())) {
                return FileVisitResult.CONTINUE;
            }
            try {
                Files.copy(file, target.resolve(source.relativize(file).toString()),
                        StandardCopyOption.COPY_ATTRIBUTES, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                // removed by the live server while we copied: the backup's WAL covers it
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
            if (exc instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            throw exc;
        }
    }
}
