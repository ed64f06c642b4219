package dev.firedrill.harness.backend.embedded.internal;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.internal.ChildProcess;
import dev.firedrill.harness.internal.ManagedProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A running embedded PostgreSQL instance: a primary, or a streaming replica of one.
 *
 * <pre>{@code
 * Path run = RunDirectories.create("demo");
 * try (PostgresServer primary = PostgresServer.startPrimary("db-primary", run.resolve("pg-primary"), 15432, run);
 *      PostgresServer replica = PostgresServer.startReplica("db-replica", primary, run.resolve("pg-replica"), 15433,
 *              "127.0.0.1", primary.port(), run)) {
 *     replica.pauseReplay();         // lag on demand
 *     primary.kill();                // crash
 *     replica.promote();             // failover; returns once it accepts writes
 * }
 * }</pre>
 *
 * <p>Every instance is a copy of one cached template cluster, runs {@code postgres} in the foreground
 * as a child that dies with the JVM, listens on 127.0.0.1 only, and requires a password
 * ({@link #user()}, {@link #password()}).
 */
public final class PostgresServer implements AutoCloseable {
    private static final Duration PROMOTE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final String name;
    private final int port;
    private final Path dataDir;
    private final PostgresTemplate template;
    private final String host;
    private final String user;
    private final String password;
    private final ManagedProcess process;

    private PostgresServer(String name, String host, int port, Path dataDir, PostgresTemplate template, String user,
            String password, ManagedProcess process) {
        this.name = name;
        this.host = host;
        this.user = user;
        this.password = password;
        this.port = port;
        this.dataDir = dataDir;
        this.template = template;
        this.process = process;
    }

    /**
     * A server that runs elsewhere (a container) and that the harness reaches at {@code host:port}: every SQL-level
     * ability (promote, replay pause, apply delay, replication status) works as on a local one; kill and stop go
     * through {@code process}.
     */
    public static PostgresServer external(String name, String host, int port, String user, String password,
            ManagedProcess process) {
        return new PostgresServer(name, host, port, null, null, user, password, process);
    }

    /**
     * Starts a primary on 127.0.0.1:{@code port} with a fresh copy of the template in {@code dataDir}
     * (absent or empty), logging to {@code runDir/<name>.log}; returns once it accepts connections.
     */
    public static PostgresServer startPrimary(String name, Path dataDir, int port, Path runDir) {
        return startPrimary(name, dataDir, port, runDir, PostgresIsolation.detect());
    }

    static PostgresServer startPrimary(String name, Path dataDir, int port, Path runDir, PostgresIsolation isolation) {
        Path bin = PostgresBinaries.ensure(isolation.cacheRoot());
        PostgresTemplate template = PostgresTemplate.ensure(bin, isolation);
        PostgresDataDirs.copyStopped(template.dataDir(), dataDir);
        isolation.handOver(dataDir);
        ChildProcess p = PostgresStartup.launch(name, bin, isolation, dataDir, port, runDir);
        PostgresStartup.await(p, "a JDBC connection to 127.0.0.1:" + port, port, template.user(), template.password(),
                c -> true);
        // the template (and its password) is cached and shared by every run and clone: each run gets its own
        String password = PostgresTemplate.randomPassword();
        try (Connection c = PostgresSql.connect(port, "postgres", template.user(), template.password());
                Statement st = c.createStatement()) {
            st.execute("ALTER ROLE " + template.user() + " PASSWORD '" + password + "'");
        } catch (SQLException e) {
            p.kill();
            throw new ProvisioningException(name, "cannot set this run's database password: " + e.getMessage(), e);
        }
        return new PostgresServer(name, "127.0.0.1", port, dataDir, template, template.user(), password, p);
    }

    /**
     * Starts a streaming replica of {@code primary} on 127.0.0.1:{@code port}, made with the online
     * backup API into {@code dataDir}, with its own physical replication slot. It streams from
     * {@code primaryHost:primaryPort}, which may be a link in front of the primary rather than the
     * primary itself. Returns once the replica accepts connections and its WAL receiver is streaming.
     */
    public static PostgresServer startReplica(String name, PostgresServer primary, Path dataDir, int port,
            String primaryHost, int primaryPort, Path runDir) {
        return startReplica(name, primary, dataDir, port, primaryHost, primaryPort, runDir, PostgresIsolation.detect());
    }

    static PostgresServer startReplica(String name, PostgresServer primary, Path dataDir, int port, String primaryHost,
            int primaryPort, Path runDir, PostgresIsolation isolation) {
        Objects.requireNonNull(primary, "primary");
        Path bin = PostgresBinaries.ensure(isolation.cacheRoot());
        try {
            PostgresBaseBackup.create(primary, name, dataDir, primaryHost, primaryPort);
            isolation.handOver(dataDir);
            ChildProcess p = PostgresStartup.launch(name, bin, isolation, dataDir, port, runDir);
            PostgresStartup.await(p, "a JDBC connection to 127.0.0.1:" + port + " and WAL streaming from "
                    + primaryHost + ":" + primaryPort, port, primary.user(), primary.password(),
                    c -> "streaming".equals(PostgresSql.single(c, "SELECT status FROM pg_stat_wal_receiver")));
            return new PostgresServer(name, "127.0.0.1", port, dataDir, primary.template, primary.user,
                    primary.password, p);
        } catch (RuntimeException e) {
            PostgresBaseBackup.dropSlot(primary, name); // else the primary keeps WAL for a replica that never came
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** The physical replication slot a replica named {@code replicaName} streams from ({@code firedrill_<name>}). */
    public static String slotName(String replicaName) {
        return PostgresBaseBackup.slotName(replicaName);
    }

    /** Best effort: drops the slot of {@code replicaName} on this primary if nothing streams from it. */
    public void dropSlotOf(String replicaName) {
        PostgresBaseBackup.dropSlot(this, replicaName);
    }

    /** Where the harness reaches it: 127.0.0.1, or its container's address. */
    public String host() {
        return host;
    }

    public java.net.InetSocketAddress address() {
        return new java.net.InetSocketAddress(host, port);
    }

    /** The data directory of a local server; null for one in a container. */
    public Path dataDir() {
        return dataDir;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<db>}; connect with {@link #user()} and {@link #password()}. */
    public String jdbcUrl(String db) {
        return PostgresSql.jdbcUrl(host, port, db);
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The postmaster's pid. */
    public long pid() {
        return process.pid();
    }

    /** The postmaster process, e.g. to send STOP/CONT for a freeze fault. */
    public ManagedProcess process() {
        return process;
    }

    /** A new connection as the superuser; the caller closes it. */
    public Connection connect(String db) throws SQLException {
        return PostgresSql.connect(host, port, db, user(), password());
    }

    public boolean isInRecovery() {
        return control("check recovery state", c -> (Boolean) PostgresSql.single(c, "SELECT pg_is_in_recovery()"));
    }

    /**
     * Promotes this replica and returns once it accepts writes. Calls {@code pg_promote(wait => false)}
     * and polls every 10 ms itself: {@code wait => true} polls only every 100 ms.
     */
    public void promote() {
        control("promote", c -> {
            if (!(Boolean) PostgresSql.single(c, "SELECT pg_is_in_recovery()")) {
                throw new FaultException("cannot promote '" + name + "': it is not a replica (already promoted?)");
            }
            PostgresSql.single(c, "SELECT pg_promote(false)");
            long deadline = System.nanoTime() + PROMOTE_TIMEOUT.toNanos();
            while ((Boolean) PostgresSql.single(c, "SELECT pg_is_in_recovery()")) {
                if (System.nanoTime() > deadline) {
                    throw new FaultException("'" + name + "' still in recovery " + PROMOTE_TIMEOUT.toSeconds()
                            + " s after pg_promote(); " + process.diagnostics());
                }
                sleep(10);
            }
            return null;
        });
    }

    /** Stops WAL replay (the replica keeps receiving): replica lag on demand. */
    public void pauseReplay() {
        requireReplica("pause replay");
        control("pause replay", c -> PostgresSql.single(c, "SELECT pg_wal_replay_pause()"));
    }

    public void resumeReplay() {
        requireReplica("resume replay");
        control("resume replay", c -> PostgresSql.single(c, "SELECT pg_wal_replay_resume()"));
    }

    /** Delays applying each commit by {@code delay} ({@code recovery_min_apply_delay}); zero removes it. */
    public void setApplyDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new FaultException("apply delay for '" + name + "' must be >= 0, got " + delay);
        }
        control("set recovery_min_apply_delay", c -> {
            try (var st = c.createStatement()) {
                st.execute("ALTER SYSTEM SET recovery_min_apply_delay = '" + delay.toMillis() + "ms'");
                st.execute("SELECT pg_reload_conf()");
            }
            return null;
        });
    }

    public PostgresReplicationStatus replicationStatus() {
        return control("read replication status", PostgresStatusQuery::read);
    }

    /** SIGKILL of the postmaster and every backend, like an instance crash; waits until all are gone. */
    public void kill() {
        kill(() -> { });
    }

    /**
     * SIGKILL to the postmaster and its backends; {@code signalled} runs right after the signals are sent, before
     * the wait for the processes to exit (which under load takes a second or two).
     */
    public void kill(Runnable signalled) {
        if (!(process instanceof ChildProcess local)) {
            process.signal("KILL");
            signalled.run();
            process.kill();
            return;
        }
        List<ProcessHandle> family = local.process().descendants().toList();
        local.process().destroyForcibly();
        family.forEach(ProcessHandle::destroyForcibly);
        signalled.run();
        process.kill(); // already signalled: this only reaps the postmaster (≤ 5 s)
        awaitGone(family);
    }

    /** Fast shutdown (SIGINT: roll back open transactions, checkpoint, exit); SIGKILL after 30 s. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        if (!(process instanceof ChildProcess local)) {
            process.stop(STOP_GRACE); // the image's stop signal (SIGINT for postgres), then SIGKILL
            return;
        }
        List<ProcessHandle> family = local.process().descendants().toList();
        process.signal("CONT"); // a frozen postmaster cannot handle INT
        family.forEach(h -> signal(h, "CONT"));
        process.signal("INT");
        try {
            if (!local.process().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
        awaitGone(family);
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "postgres '" + name + "' on " + host + ":" + port + " (pid " + pid() + ")";
    }

    private void requireReplica(String action) {
        if (!isInRecovery()) {
            throw new FaultException("cannot " + action + " on '" + name + "': it is not a replica");
        }
    }

    private interface Control<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T control(String action, Control<T> body) {
        try (Connection c = connect("postgres")) {
            return body.run(c);
        } catch (SQLException e) {
            throw new FaultException("cannot " + action + " on '" + name + "' (" + host + ":" + port + "): "
                    + e.getMessage() + (process.isAlive() ? "" : "; " + process.diagnostics()), e);
        }
    }

    private static void signal(ProcessHandle h, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(h.pid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (java.io.IOException e) {
            // gone already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitGone(List<ProcessHandle> processes) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle h : processes) {
            while (h.isAlive() && System.nanoTime() < deadline) {
                sleep(5);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FaultException("interrupted", e);
        }
    }
}
