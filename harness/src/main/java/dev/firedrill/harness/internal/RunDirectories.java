package dev.firedrill.harness.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Run directories: one per running deployment, tagged with the harness pid, holding every data dir,
 * log and the pid list of the children. Lives under {@code /dev/shm/firedrill} when that is
 * writable (PostgreSQL's fsyncs are then free), else under {@code java.io.tmpdir}.
 *
 * <p>A run whose owner pid is gone is <em>stale</em>: {@link #sweepStale()} kills what it recorded
 * and deletes it. Every start of a deployment sweeps first, so even a {@code kill -9} of a harness on
 * a machine without {@code setpriv} leaves nothing behind for long.
 */
public final class RunDirectories {
    private static final String OWNER = "owner";
    private static final String CHILDREN = "children";

    private RunDirectories() {
    }

    /** The root that holds all runs. Override with the {@code FIREDRILL_RUN_ROOT} env variable. */
    public static Path root() {
        String override = System.getenv("FIREDRILL_RUN_ROOT");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm.resolve("firedrill");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "firedrill");
    }

    /** Creates a fresh run directory owned by this JVM. */
    public static Path create(String label) {
        String id = label + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        Path dir = root().resolve(id);
        try {
            Files.createDirectories(dir);
            dir.toFile().setReadable(true, false);
            dir.toFile().setExecutable(true, false);
            root().toFile().setExecutable(true, false);
            root().toFile().setReadable(true, false);
            Files.writeString(dir.resolve(OWNER), ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + dir, e);
        }
        return dir;
    }

    static synchronized void recordChild(Path runDir, long pid, String name) {
        String start = startTime(pid).orElse("?");
        try {
            Files.writeString(runDir.resolve(CHILDREN), pid + " " + start + " " + name + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // The parent-death signal still guards the child; the sweep is the second line of defence.
        }
    }

    /**
     * Kills the recorded children of every run whose owner is dead, and deletes those runs.
     *
     * @return the run directories swept
     */
    public static List<Path> sweepStale() {
        Path root = root();
        List<Path> swept = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return swept;
        }
        try (Stream<Path> runs = Files.list(root)) {
            for (Path run : runs.toList()) {
                if (!Files.isDirectory(run) || isOwnerAlive(run)) {
                    continue;
                }
                killRecordedChildren(run);
                deleteTree(run);
                swept.add(run);
            }
        } catch (IOException e) {
            // best effort
        }
        return swept;
    }

    private static boolean isOwnerAlive(Path run) {
        try {
            long pid = Long.parseLong(Files.readString(run.resolve(OWNER)).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            // no owner file: a run being created right now, or garbage older than a minute
            try {
                return Files.getLastModifiedTime(run).toMillis() > System.currentTimeMillis() - 60_000;
            } catch (IOException ex) {
                return false;
            }
        }
    }

    /** Kills the children listed in the run's {@code children} file whose start time still matches. */
    public static void killRecordedChildren(Path run) {
        Path file = run.resolve(CHILDREN);
        if (!Files.exists(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.split(" ", 3);
                if (parts.length < 2) {
                    continue;
                }
                long pid = Long.parseLong(parts[0]);
                Optional<String> now = startTime(pid);
                if (now.isPresent() && (parts[1].equals("?") || now.get().equals(parts[1]))) {
                    ProcessHandle.of(pid).ifPresent(h -> {
                        h.descendants().forEach(ProcessHandle::destroyForcibly);
                        h.destroyForcibly();
                    });
                }
            }
        } catch (IOException | NumberFormatException e) {
            // best effort
        }
    }

    /** Field 22 of /proc/PID/stat: the start time in clock ticks, to tell a reused pid apart. */
    static Optional<String> startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String rest = stat.substring(stat.lastIndexOf(')') + 2);
            String[] f = rest.split(" ");
            return Optional.of(f[19]);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Deletes a directory tree, ignoring what is already gone. */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
