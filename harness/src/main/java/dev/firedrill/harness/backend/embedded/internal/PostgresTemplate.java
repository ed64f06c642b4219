package dev.firedrill.harness.backend.embedded.internal;

import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.internal.ChildProcess;
import dev.firedrill.harness.internal.ChildProcesses;
import dev.firedrill.harness.internal.RunDirectories;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One {@code initdb}'d cluster per binaries cache, copied for every instance (a copy costs tens of
 * milliseconds, an initdb about a second). It has a superuser {@value #USER} with a random password
 * (scram-sha-256, never trust), {@code wal_level=replica}, and pg_hba entries for 127.0.0.1 including
 * replication. Created once behind a file lock, then renamed into place.
 */
public record PostgresTemplate(Path dataDir, String user, String password) {
    /** The superuser of every instance. */
    public static final String USER = "firedrill";
    /** Bump when the template's settings change so old caches are not reused. */
    private static final String LAYOUT = "t3";
    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(2);

    /** The template next to the binaries in {@code bin}'s cache, created if missing. */
    public static PostgresTemplate ensure(Path bin, PostgresIsolation isolation) {
        Path install = bin.getParent();
        Path home = install.resolveSibling(install.getFileName() + "-template-" + LAYOUT);
        if (!Files.exists(home.resolve("password"))) {
            try (PostgresCacheLock lock = PostgresCacheLock.acquire(home.resolveSibling(home.getFileName() + ".lock"))) {
                if (!Files.exists(home.resolve("password"))) {
                    create(bin, isolation, home);
                }
            }
        }
        try {
            return new PostgresTemplate(home.resolve("data"), USER, Files.readString(home.resolve("password")).trim());
        } catch (IOException e) {
            throw new ProvisioningException("postgres", "cannot read the template password in " + home + ": "
                    + e.getMessage() + "; delete " + home + " to rebuild the template", e);
        }
    }

    private static void create(Path bin, PostgresIsolation isolation, Path home) {
        Path tmp = home.resolveSibling(home.getFileName() + ".tmp-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt()));
        String password = randomPassword();
        try {
            Files.createDirectories(tmp);
            Path pwfile = tmp.resolve("pwfile");
            Files.writeString(pwfile, password + "\n");
            isolation.handOver(tmp);
            Path data = tmp.resolve("data");
            initdb(bin, isolation, data, pwfile, tmp.resolve("initdb.log"));
            Files.delete(pwfile);
            Files.writeString(data.resolve("pg_hba.conf"), PostgresSettings.PG_HBA);
            Files.writeString(data.resolve("postgresql.conf"), PostgresSettings.COMMON, StandardOpenOption.APPEND);
            isolation.handOver(data);
            Path passwordFile = Files.createFile(tmp.resolve("password"), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, password + "\n");
            try {
                Files.move(tmp, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, home);
            }
        } catch (IOException e) {
            throw new ProvisioningException("postgres", "cannot create the template cluster in " + home + ": "
                    + e.getMessage(), e);
        } finally {
            RunDirectories.deleteTree(tmp);
        }
    }

    private static void initdb(Path bin, PostgresIsolation isolation, Path data, Path pwfile, Path log) {
        List<String> command = isolation.wrap(List.of(bin.resolve("initdb").toString(), "-D", data.toString(),
                "-U", USER, "--pwfile=" + pwfile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C",
                "--no-sync", "--no-instructions",
                // SCRAM-SHA-256 as RDS, with 256 iterations instead of 4096 (PostgreSQL 16+): the same handshake,
                // 1/16 of the PBKDF2 work each new connection costs its client (~10 ms of a cold JVM's CPU)
                "--set=scram_iterations=" + PostgresSettings.SCRAM_ITERATIONS,
                // 1 MB WAL segments instead of 16 MB: every instance copy is 15 MB smaller.
                "--wal-segsize=1"));
        ChildProcess p = ChildProcesses.start("initdb", command, Map.of(), pwfile.getParent(), log, null);
        try {
            if (!p.process().waitFor(INITDB_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.kill();
                throw new ProvisioningException("postgres", "initdb did not finish within "
                        + INITDB_TIMEOUT.toSeconds() + " s; " + p.diagnostics());
            }
        } catch (InterruptedException e) {
            p.kill();
            Thread.currentThread().interrupt();
            throw new ProvisioningException("postgres", "interrupted while running initdb", e);
        }
        if (p.process().exitValue() != 0) {
            throw new ProvisioningException("postgres", "initdb failed (" + String.join(" ", command) + "); "
                    + p.diagnostics());
        }
    }

    /** 24 random letters and digits (no look-alikes), from a SecureRandom. */
    static String randomPassword() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
