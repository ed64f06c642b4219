package dev.firedrill.harness.backend.embedded.internal;

import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.internal.ChildProcess;
import dev.firedrill.harness.internal.ChildProcesses;
import dev.firedrill.harness.internal.Ports;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Launches {@code postgres} in the foreground and waits until it is ready, with diagnostics if not. */
final class PostgresStartup {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** A readiness condition evaluated on a fresh control connection. */
    interface Check {
        boolean test(Connection c) throws SQLException;
    }

    private PostgresStartup() {
    }

    /**
     * Starts {@code postgres -D dataDir} (never pg_ctl: a foreground child dies with the JVM).
     * {@code cluster_name} is the instance name, so readiness can tell this server from a stranger
     * on the same port and {@code ps} shows which instance a backend belongs to.
     */
    static ChildProcess launch(String name, Path bin, PostgresIsolation isolation, Path dataDir, int port,
            Path runDir) {
        if (Ports.isTaken(port)) {
            throw new ProvisioningException(name, "port 127.0.0.1:" + port
                    + " is already in use; pick a free port (Ports.freePort()) or stop what listens there");
        }
        List<String> command = isolation.wrap(List.of(bin.resolve("postgres").toString(), "-D", dataDir.toString(),
                "-p", Integer.toString(port), "-c", "cluster_name=" + name,
                // dynamic shared memory as files in the data dir (pg_dynshmem), not POSIX segments in /dev/shm:
                // a kill -9 or a failover then leaks nothing the run-directory sweep does not remove
                "-c", "dynamic_shared_memory_type=mmap"));
        try {
            return ChildProcesses.start(name, command, Map.of("LC_ALL", "C"), dataDir, runDir.resolve(name + ".log"),
                    runDir);
        } catch (UncheckedIOException e) {
            throw new ProvisioningException(name, "cannot start postgres: " + e.getMessage()
                    + "; is " + bin + " intact? delete it to unpack again", e);
        }
    }

    /**
     * Polls {@code check} over a fresh connection until it holds; throws a ProvisioningException naming
     * what was awaited, for how long, the process state and its last log lines.
     */
    static void await(ChildProcess process, String awaited, int port, String user, String password, Check check) {
        long start = System.nanoTime();
        long deadline = start + TIMEOUT.toNanos();
        String lastError = "none";
        long sleepMs = 5;
        while (true) {
            if (!process.isAlive()) {
                throw failure(process, awaited, start, lastError);
            }
            try (Connection c = PostgresSql.connect(port, "postgres", user, password)) {
                if (!process.name().equals(PostgresSql.single(c, "SELECT current_setting('cluster_name')"))) {
                    throw new ProvisioningException(process.name(), "127.0.0.1:" + port
                            + " is served by another PostgreSQL; pick a free port");
                }
                if (check.test(c)) {
                    return;
                }
                lastError = "condition not met yet";
            } catch (SQLException e) {
                lastError = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw failure(process, awaited, start, lastError);
            }
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProvisioningException(process.name(), "interrupted while waiting for " + awaited, e);
            }
            sleepMs = Math.min(50, sleepMs * 2);
        }
    }

    private static ProvisioningException failure(ChildProcess process, String awaited, long start, String lastError) {
        long ms = (System.nanoTime() - start) / 1_000_000;
        boolean wasAlive = process.isAlive();
        if (wasAlive) {
            process.kill();
        }
        return new ProvisioningException(process.name(), "not ready after " + ms + " ms: awaited " + awaited
                + " (last error: " + lastError + "); " + (wasAlive ? "killed it after the timeout; " : "")
                + process.diagnostics());
    }
}
