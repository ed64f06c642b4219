package dev.firedrill.harness.backend.embedded.internal;

import dev.firedrill.harness.internal.ChildProcess;
import dev.firedrill.harness.internal.ChildProcesses;
import dev.firedrill.harness.internal.RunDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AppCDS archives for the reference app: class metadata the JVM maps instead of parsing and verifying the jar's
 * classes on every start (about half of the app's start-up CPU). One archive per jar build, JVM and flag set,
 * written once by a {@code --cds-warmup} run with {@code -XX:ArchiveClassesAtExit} and moved into place atomically,
 * so concurrent harnesses never see a half-written file. The JVM itself refuses an archive whose jar changed.
 *
 * <p>Where: {@code -Dfiredrill.cds.dir} or {@code $FIREDRILL_CDS_DIR}, else {@code $XDG_CACHE_HOME/firedrill/cds}, else
 * {@code ~/.cache/firedrill/cds}. {@code FIREDRILL_CDS=off} (or {@code -Dfiredrill.cds=off}) turns it off.
 */
public final class ClassDataArchive {
    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);
    private static final long DUMP_TIMEOUT_SECONDS = 120;
    private static final int KEEP = 3;
    /** Keys that failed to dump in this JVM: not retried on every start. */
    private static final Map<String, Boolean> FAILED = new ConcurrentHashMap<>();

    private ClassDataArchive() {
    }

    /** Whether archives are used: not when {@code firedrill.cds} or {@code FIREDRILL_CDS} is {@code off}. */
    public static boolean enabled() {
        String v = System.getProperty("firedrill.cds", System.getenv("FIREDRILL_CDS"));
        return v == null || !(v.equalsIgnoreCase("off") || v.equalsIgnoreCase("false") || v.equals("0"));
    }

    /** The directory that holds the archives. */
    public static Path directory() {
        String dir = System.getProperty("firedrill.cds.dir", System.getenv("FIREDRILL_CDS_DIR"));
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("firedrill").resolve("cds");
    }

    /** Where the archive of {@code jar} run with {@code flags} lives (whether or not it exists yet). */
    public static Path pathFor(Path jar, List<String> flags) {
        return directory().resolve(jar.getFileName().toString().replaceAll("\\.jar$", "") + "-" + key(jar, flags)
                + ".jsa");
    }

    /** The archive of {@code jar} with {@code flags} when one has been written. */
    public static Optional<Path> existing(Path jar, List<String> flags) {
        if (!enabled()) {
            return Optional.empty();
        }
        Path p = pathFor(jar, flags);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * The archive of {@code jar} with {@code flags}, written first when missing (a {@code --cds-warmup} run of the
     * jar: about a second and a half of CPU, once per build). Never throws: when the archive cannot be written the
     * app simply starts without one, and this JVM does not try again.
     */
    public static Optional<Path> ensure(Path jar, List<String> flags) {
        if (!enabled()) {
            return Optional.empty();
        }
        Path target = pathFor(jar, flags);
        if (Files.isRegularFile(target)) {
            return Optional.of(target);
        }
        String key = target.getFileName().toString();
        if (FAILED.containsKey(key)) {
            return Optional.empty();
        }
        Path work = null;
        try {
            Files.createDirectories(target.getParent());
            sweepAbandonedDumps(target.getParent());
            work = Files.createTempDirectory(target.getParent(), ".dump-");
            Path tmp = work.resolve("archive.jsa");
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(flags);
            cmd.addAll(List.of("-Xlog:disable", "-XX:ArchiveClassesAtExit=" + tmp, "-jar", jar.toString(),
                    "--cds-warmup"));
            Path log = work.resolve("dump.log");
            ChildProcess p = ChildProcesses.start("cds-dump", cmd, Map.of(), work, log, null);
            if (!p.process().waitFor(DUMP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.kill();
                throw new IOException("the --cds-warmup run did not finish within " + DUMP_TIMEOUT_SECONDS + " s");
            }
            if (p.process().exitValue() != 0 || !Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
                throw new IOException("the --cds-warmup run exited " + p.process().exitValue() + " without an "
                        + "archive; last lines: " + String.join(" | ", ChildProcess.tail(log, 5)));
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            LOG.info("wrote the class-data archive {} for {}", target, jar);
            prune(target);
            return Optional.of(target);
        } catch (IOException | RuntimeException e) {
            FAILED.put(key, Boolean.TRUE);
            LOG.warn("cannot write a class-data archive for {} in {} (the app starts without one, a little slower): "
                    + "{}", jar, target.getParent(), e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (work != null) {
                RunDirectories.deleteTree(work);
            }
        }
    }

    /**
     * Removes the work directories of dumps whose harness was killed mid-way (a dump takes seconds; one older than
     * {@link #DUMP_TIMEOUT_SECONDS} twice over is nobody's).
     */
    private static void sweepAbandonedDumps(Path dir) {
        long cutoff = System.currentTimeMillis() - 2 * DUMP_TIMEOUT_SECONDS * 1000;
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith(".dump-")).toList()) {
                if (modified(p) < cutoff) {
                    RunDirectories.deleteTree(p);
                }
            }
        } catch (IOException e) {
            LOG.debug("sweeping abandoned class-data dumps failed", e);
        }
    }

    /** Keeps the {@value #KEEP} newest archives of the same jar name (other builds, other checkouts); ~30 MB each. */
    private static void prune(Path written) {
        String prefix = written.getFileName().toString().replaceAll("-[0-9a-f]{16}\\.jsa$", "-");
        try (var files = Files.list(written.getParent())) {
            List<Path> old = files.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.getFileName().toString().endsWith(".jsa"))
                    .sorted(java.util.Comparator.comparing(ClassDataArchive::modified).reversed())
                    .skip(KEEP).toList();
            for (Path p : old) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.debug("pruning old class-data archives failed", e);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** 16 hex digits over the jar (path, size, mtime), the JVM and the flags: a new build gets a new archive. */
    static String key(Path jar, List<String> flags) {
        StringBuilder s = new StringBuilder();
        s.append(jar.toAbsolutePath().normalize()).append('\n');
        try {
            s.append(Files.size(jar)).append('\n').append(Files.getLastModifiedTime(jar).toMillis()).append('\n');
        } catch (IOException e) {
            s.append("missing\n");
        }
        s.append(System.getProperty("java.home")).append('\n').append(System.getProperty("java.vm.version"))
                .append('\n').append(String.join(" ", flags));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
