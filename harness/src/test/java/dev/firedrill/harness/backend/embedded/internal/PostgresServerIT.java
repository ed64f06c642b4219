package dev.firedrill.harness.backend.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.internal.ChildProcess;
import dev.firedrill.harness.internal.Ports;
import dev.firedrill.harness.internal.RunDirectories;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresServerIT {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static Path runDir;
    private final List<PostgresServer> started = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    @BeforeAll
    static void warmCache() {
        runDir = RunDirectories.create("pg-it");
        // Unpacks the binaries and creates the template once, so the tests below measure warm starts.
        try (PostgresServer warm = PostgresServer.startPrimary("warmup", runDir.resolve("warmup"), Ports.freePort(),
                runDir)) {
            assertThat(warm.isInRecovery()).isFalse();
        }
    }

    @AfterAll
    static void removeRunDir() {
        RunDirectories.deleteTree(runDir);
    }

    @AfterEach
    void stopAllAndCheckNothingRemains() {
        started.forEach(PostgresServer::stop);
        assertThat(postgresProcessesOf(names)).as("no postgres process of this test survives stop()").isEmpty();
    }

    @Test
    void aRowWrittenOnThePrimaryIsReadOnTheReplica() throws Exception {
        long t0 = System.nanoTime();
        PostgresServer primary = primary();
        long t1 = System.nanoTime();
        PostgresServer replica = replicaOf(primary);
        long t2 = System.nanoTime();
        System.out.printf("[measure] warm start: primary %d ms + replica %d ms = %d ms%n", (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000, (t2 - t0) / 1_000_000);

        exec(primary, "CREATE TABLE t (id int primary key)", "INSERT INTO t VALUES (1)");

        eventually(() -> count(replica, "SELECT count(*) FROM t") == 1);
    }

    @Test
    void thePrimaryShowsTheReplicaStreaming() {
        PostgresServer primary = primary();
        PostgresServer replica = replicaOf(primary);

        PostgresReplicationStatus onPrimary = primary.replicationStatus();
        PostgresReplicationStatus onReplica = replica.replicationStatus();

        assertThat(onPrimary.inRecovery()).isFalse();
        assertThat(onPrimary.standby(replica.name())).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo("streaming"));
        assertThat(onReplica.inRecovery()).isTrue();
        assertThat(onReplica.receiverStatus()).contains("streaming");
        assertThat(onReplica.replayPauseState()).contains("not paused");
    }

    @Test
    void aWrongPasswordIsRejected() {
        PostgresServer primary = primary();

        assertThatThrownBy(() -> DriverManager.getConnection(primary.jdbcUrl("postgres"), primary.user(), "wrong"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as("invalid_password")
                        .isEqualTo("28P01"));
        assertThatThrownBy(() -> DriverManager.getConnection(primary.jdbcUrl("postgres"), primary.user(), ""))
                .as("no trust authentication").isInstanceOf(SQLException.class);
    }

    @Test
    void pausedReplayHidesNewRowsUntilResumed() throws Exception {
        PostgresServer primary = primary();
        PostgresServer replica = replicaOf(primary);
        exec(primary, "CREATE TABLE t (id int primary key)");
        eventually(() -> count(replica, "SELECT count(*) FROM pg_tables WHERE tablename = 't'") == 1);

        replica.pauseReplay();
        exec(primary, "INSERT INTO t VALUES (1)");
        eventually(() -> replica.replicationStatus().receiveLsn().equals(primaryLsn(primary)));

        assertThat(count(replica, "SELECT count(*) FROM t")).as("received but not replayed").isZero();
        assertThat(replica.replicationStatus().replayPauseState()).contains("paused");

        replica.resumeReplay();
        eventually(() -> count(replica, "SELECT count(*) FROM t") == 1);
    }

    @Test
    void anApplyDelayHoldsBackCommitsOnTheReplica() throws Exception {
        PostgresServer primary = primary();
        PostgresServer replica = replicaOf(primary);
        exec(primary, "CREATE TABLE t (id int primary key)");
        eventually(() -> count(replica, "SELECT count(*) FROM pg_tables WHERE tablename = 't'") == 1);

        replica.setApplyDelay(Duration.ofSeconds(3));
        exec(primary, "INSERT INTO t VALUES (1)");
        Thread.sleep(500);
        assertThat(count(replica, "SELECT count(*) FROM t")).as("still inside the 3 s delay").isZero();

        replica.setApplyDelay(Duration.ZERO);
        eventually(() -> count(replica, "SELECT count(*) FROM t") == 1);
    }

    @Test
    void aPromotedReplicaAcceptsWrites() throws Exception {
        PostgresServer primary = primary();
        PostgresServer replica = replicaOf(primary);
        exec(primary, "CREATE TABLE t (id int primary key)");
        eventually(() -> count(replica, "SELECT count(*) FROM pg_tables WHERE tablename = 't'") == 1);

        replica.promote();

        assertThat(replica.isInRecovery()).isFalse();
        exec(replica, "INSERT INTO t VALUES (42)");
        assertThat(count(replica, "SELECT count(*) FROM t WHERE id = 42")).isEqualTo(1);
    }

    @Test
    void promotionAfterKillingThePrimaryIsFast() throws Exception {
        PostgresServer primary = primary();
        PostgresServer replica = replicaOf(primary);
        exec(primary, "CREATE TABLE t (id int primary key)", "INSERT INTO t VALUES (1)");
        eventually(() -> count(replica, "SELECT count(*) FROM t") == 1);

        primary.kill();
        assertThat(primary.process().isAlive()).isFalse();
        assertThat(postgresProcessesOf(List.of(primary.name())))
                .as("kill() takes the backends down with the postmaster, like an instance crash").isEmpty();
        long t0 = System.nanoTime();
        replica.promote();
        exec(replica, "INSERT INTO t VALUES (2)");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("[measure] kill -9 primary -> promote -> first write: %d ms%n", ms);

        assertThat(ms).as("without wal_retrieve_retry_interval=50ms promotion stalls ~5 s").isLessThan(4_500);
        assertThat(count(replica, "SELECT count(*) FROM t")).isEqualTo(2);
    }

    @Test
    void withoutUserNamespacesARootJvmRunsTheServersAsNobody() throws Exception {
        assumeTrue(PostgresIsolation.isRoot(), "the setpriv fallback is for a root JVM");
        String name = "it" + SEQ.incrementAndGet() + "-setpriv";
        names.add(name);
        names.add(name + "-replica");
        PostgresServer primary = PostgresServer.startPrimary(name, runDir.resolve(name), Ports.freePort(), runDir,
                PostgresIsolation.SETPRIV);
        started.add(primary);
        PostgresServer replica = PostgresServer.startReplica(name + "-replica", primary, runDir.resolve(name + "-replica"),
                Ports.freePort(), "127.0.0.1", primary.port(), runDir, PostgresIsolation.SETPRIV);
        started.add(0, replica);

        assertThat(uidOf(primary.pid())).as("postgres refuses root; the fallback drops to uid 65534").isEqualTo("65534");
        assertThat(uidOf(replica.pid())).isEqualTo("65534");
        exec(primary, "CREATE TABLE t (id int primary key)", "INSERT INTO t VALUES (1)");
        eventually(() -> count(replica, "SELECT count(*) FROM t") == 1);
    }

    @Test
    void aStartupFailureNamesTheComponentAndShowsTheLog() throws IOException {
        Path bogus = Files.createDirectories(runDir.resolve("bogus-" + SEQ.incrementAndGet()));
        Files.setPosixFilePermissions(bogus, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        PostgresIsolation isolation = PostgresIsolation.detect();
        String name = "bogus-" + SEQ.get();
        names.add(name);
        int port = Ports.freePort();
        ChildProcess p = PostgresStartup.launch(name, PostgresBinaries.ensure(isolation.cacheRoot()), isolation,
                bogus, port, runDir);

        assertThatThrownBy(() -> PostgresStartup.await(p, "a JDBC connection", port, "firedrill", "x", c -> true))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining(name)
                .hasMessageContaining("awaited a JDBC connection")
                .hasMessageContaining("exited with code")
                .hasMessageContaining("postgresql.conf");
    }

    @Test
    void aTakenPortIsReportedBeforeStarting() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, Ports.LOOPBACK)) {
            assertThatThrownBy(() -> PostgresServer.startPrimary("taken", runDir.resolve("taken"), taken.getLocalPort(),
                    runDir))
                    .isInstanceOf(ProvisioningException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort() + " is already in use");
        }
    }

    private PostgresServer primary() {
        String name = "it" + SEQ.incrementAndGet() + "-primary";
        names.add(name);
        PostgresServer s = PostgresServer.startPrimary(name, runDir.resolve(name), Ports.freePort(), runDir);
        started.add(s);
        return s;
    }

    private PostgresServer replicaOf(PostgresServer primary) {
        String name = primary.name().replace("-primary", "-replica");
        names.add(name);
        PostgresServer s = PostgresServer.startReplica(name, primary, runDir.resolve(name), Ports.freePort(),
                "127.0.0.1", primary.port(), runDir);
        started.add(0, s); // stop replicas before their primary
        return s;
    }

    /** Polls {@code condition} every 10 ms for up to 10 s; an SQL error (table not replicated yet) means "not yet". */
    private static void eventually(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!holds(condition)) {
            assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static boolean holds(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        try {
            return condition.call();
        } catch (SQLException e) {
            return false;
        }
    }

    private static void exec(PostgresServer s, String... sql) throws SQLException {
        try (Connection c = s.connect("postgres"); Statement st = c.createStatement()) {
            for (String q : sql) {
                st.execute(q);
            }
        }
    }

    private static long count(PostgresServer s, String sql) throws SQLException {
        try (Connection c = s.connect("postgres")) {
            return ((Number) PostgresSql.single(c, sql)).longValue();
        }
    }

    private static java.util.Optional<String> primaryLsn(PostgresServer primary) throws SQLException {
        try (Connection c = primary.connect("postgres")) {
            return java.util.Optional.of((String) PostgresSql.single(c, "SELECT pg_current_wal_lsn()::text"));
        }
    }

    private static String uidOf(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow().split("\\s+")[1];
    }

    /** Postmasters started with one of these cluster names, and backends whose title shows one. */
    static List<String> postgresProcessesOf(List<String> clusterNames) {
        List<String> found = new ArrayList<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String cmd;
                try {
                    cmd = new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ');
                } catch (IOException e) {
                    continue;
                }
                boolean ours = false;
                for (String n : clusterNames) {
                    ours |= cmd.contains("bin/postgres ") && cmd.contains(" cluster_name=" + n + " ")
                            || cmd.startsWith("postgres: " + n + ":");
                }
                if (ours) {
                    found.add(proc.getFileName() + " " + cmd);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }
}
