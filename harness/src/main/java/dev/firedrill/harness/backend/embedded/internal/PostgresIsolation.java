package dev.firedrill.harness.backend.embedded.internal;

import dev.firedrill.harness.ProvisioningException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How PostgreSQL binaries are run. PostgreSQL refuses to run as root, so a root JVM runs them as
 * uid 65534: preferably in a user namespace ({@link #UNSHARE}: files owned by root outside look owned
 * by 65534 inside, so no chown is needed), else by dropping privileges ({@link #SETPRIV}: data
 * directories are chowned to 65534 first). A non-root JVM runs them {@link #DIRECT}ly.
 */
public enum PostgresIsolation {
    /** Not root: run the binary as is. */
    DIRECT,
    /** Root, user namespaces available: {@code unshare --user --map-user=65534 --map-group=65534}. */
    UNSHARE,
    /** Root, no user namespaces: {@code setpriv --reuid=65534 --regid=65534 --clear-groups}. */
    SETPRIV;

    static final String NOBODY = "65534";
    private static volatile PostgresIsolation detected;

    /** The mode for this JVM, probed once. */
    public static PostgresIsolation detect() {
        PostgresIsolation d = detected;
        if (d == null) {
            d = !isRoot() ? DIRECT : succeeds(UNSHARE.wrap(List.of("true"))) ? UNSHARE : SETPRIV;
            detected = d;
        }
        return d;
    }

    /** {@code command} prefixed so that it runs as this mode's user. */
    public List<String> wrap(List<String> command) {
        List<String> full = new ArrayList<>();
        switch (this) {
            case UNSHARE -> full.addAll(List.of("unshare", "--user", "--map-user=" + NOBODY,
                    "--map-group=" + NOBODY, "--"));
            // Changing the uid clears the parent-death signal set by ChildProcesses: set it again after.
            case SETPRIV -> full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                    "--clear-groups", "--pdeathsig", "KILL", "--"));
            case DIRECT -> { }
        }
        full.addAll(command);
        return full;
    }

    /** Makes {@code dir} (recursively) owned by the user the binaries run as, when that is needed. */
    public void handOver(Path dir) {
        if (this != SETPRIV) {
            return;
        }
        List<String> chown = List.of("chown", "-R", NOBODY + ":" + NOBODY, dir.toString());
        if (!succeeds(chown)) {
            throw new ProvisioningException("postgres", "cannot hand " + dir + " over to uid " + NOBODY
                    + " (" + String.join(" ", chown) + " failed); run the harness as a non-root user instead");
        }
    }

    /**
     * The cache root to unpack binaries into: the user cache, unless this mode's user cannot reach it
     * (a root home is usually mode 0700), then a root-owned directory under {@code java.io.tmpdir}.
     */
    public Path cacheRoot() {
        Path preferred = PostgresBinaries.defaultCacheRoot();
        if (this != SETPRIV || othersCanTraverse(preferred)) {
            return preferred;
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "firedrill-cache-" + uid());
        // java.io.tmpdir is world-writable: use the directory only if we own it.
        try {
            Files.createDirectories(tmp);
            if ((Integer) Files.getAttribute(tmp, "unix:uid") != uid()) {
                throw new ProvisioningException("postgres", tmp + " is owned by another user; remove it and retry");
            }
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new ProvisioningException("postgres", "cannot create " + tmp + ": " + e.getMessage(), e);
        }
        return tmp;
    }

    private static boolean othersCanTraverse(Path dir) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            try {
                if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    static boolean isRoot() {
        return uid() == 0;
    }

    private static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name")) ? 0 : -1;
        }
    }

    private static boolean succeeds(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
