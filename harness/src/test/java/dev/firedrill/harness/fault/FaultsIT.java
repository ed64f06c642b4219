package dev.firedrill.harness.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.backend.Endpoints;
import dev.firedrill.harness.backend.embedded.EmbeddedBackend;
import dev.firedrill.harness.backend.embedded.EmbeddedDeployment;
import dev.firedrill.harness.backend.embedded.EmbeddedFaults;
import dev.firedrill.harness.backend.embedded.internal.AppInstance;
import dev.firedrill.harness.backend.embedded.internal.PostgresServer;
import dev.firedrill.harness.net.LatencyToxic;
import dev.firedrill.harness.net.ToxicStream;
import dev.firedrill.harness.testapp.TestTopologies;
import dev.firedrill.harness.topology.FailoverProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;

/** Every fault kind on the real embedded topology: its effect, its heal, and a healthy topology after. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {
    static EmbeddedDeployment d;
    static EmbeddedFaults faults;
    static final List<FaultEvent> events = new CopyOnWriteArrayList<>();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void up() {
        d = new EmbeddedBackend().deploy(TestTopologies.withTestServers(3, 0.01));
        faults = d.faults();
        faults.addListener(events::add);
    }

    @AfterAll
    static void down() {
        if (d != null) {
            d.close();
        }
    }

    @AfterEach
    void healAndVerify() {
        faults.healAll();
        HealthReport h = faults.verifyHealthy(Duration.ofSeconds(30));
        assertThat(h.healthy()).as(h.toString()).isTrue();
    }

    static Endpoints e() {
        return d.endpoints();
    }

    static Connection connect(String url, int socketTimeoutSeconds) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", e().dbUser());
        p.setProperty("password", e().dbPassword());
        p.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        p.setProperty("connectTimeout", "2");
        return DriverManager.getConnection(url, p);
    }

    static long queryMillis(Connection c, String sql) throws SQLException {
        long t0 = System.nanoTime();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    @Order(1)
    void latencyToxicOf300msAddsAtLeast300msToAQuery() throws Exception {
        try (Connection c = connect(e().dbWriter(), 10)) {
            long base = queryMillis(c, "select 1");
            ActiveFault f = faults.inject(new Fault.ToxicFault("client_db-writer",
                    new LatencyToxic("lat", ToxicStream.DOWNSTREAM, 1.0, 300, 0)));
            assertThat(f.targets()).containsExactly("client_db-writer");
            long slow = queryMillis(c, "select 1");
            assertThat(slow).as("query with 300 ms latency (base %d ms)", base).isGreaterThanOrEqualTo(300);
            f.heal();
            long healed = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) { // the fastest of three: a GC or a busy CPU must not read as latency
                healed = Math.min(healed, queryMillis(c, "select 1"));
            }
            assertThat(healed).as("after heal").isLessThan(300);
        }
    }

    @Test
    @Order(2)
    void blackholePartitionMakesAQueryTimeOutWhileRejectFailsFast() throws Exception {
        try (Connection c = connect(e().dbWriter(), 1)) {
            queryMillis(c, "select 1");
            faults.inject(new Fault.Partition(List.of("client"), List.of("db"), Fault.PartitionMode.BLACKHOLE, false));
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> queryMillis(c, "select 1")).isInstanceOf(SQLException.class)
                    .hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);
            assertThat((System.nanoTime() - t0) / 1_000_000).as("waited for the 1 s socket timeout").isGreaterThanOrEqualTo(900);
        }
        faults.healAll();
        try (Connection c = connect(e().dbWriter(), 5)) {
            queryMillis(c, "select 1");
            faults.inject(new Fault.Partition(List.of("client"), List.of("db"), Fault.PartitionMode.REJECT, false));
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> queryMillis(c, "select 1")).isInstanceOf(SQLException.class);
            assertThat((System.nanoTime() - t0) / 1_000_000).as("reject fails fast").isLessThan(1000);
        }
    }

    @Test
    @Order(3)
    void replicaLagProducesAStaleReadThroughTheReaderEndpoint() throws Exception {
        try (Connection w = connect(e().dbWriter(), 5); Connection r = connect(e().dbReader(), 5);
                Statement ws = w.createStatement(); Statement rs = r.createStatement()) {
            ws.execute("create table if not exists lag(id int primary key, v int)");
            ws.execute("insert into lag values (1, 1) on conflict (id) do update set v = 1");
            awaitValue(rs, 1);
            faults.inject(new Fault.ReplicaLag(null, Fault.LagMode.PAUSE, null, 0));
            ws.execute("update lag set v = 2 where id = 1");
            Thread.sleep(300);
            assertThat(value(rs)).as("reader sees the old version while replay is paused").isEqualTo(1);
            faults.healAll();
            awaitValue(rs, 2);
        }
    }

    static int value(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("select v from lag where id = 1")) {
            return rs.next() ? rs.getInt(1) : -1;
        }
    }

    static void awaitValue(Statement s, int v) throws Exception {
        for (int i = 0; i < 300; i++) {
            try {
                if (value(s) == v) {
                    return;
                }
            } catch (SQLException ignored) {
                // table not replicated yet
            }
            Thread.sleep(10);
        }
        assertThat(value(s)).isEqualTo(v);
    }

    @Test
    @Order(4)
    void instanceFaultsKillPauseAndStopTheSelectedInstancesAndHealRestartsThem() throws Exception {
        ActiveFault kill = faults.inject(new Fault.InstanceFault(Fault.InstanceAction.KILL, Selector.parse("app-1")));
        assertThat(d.instances().get("app-1").isAlive()).isFalse();
        kill.heal();
        d.instances().get("app-1").awaitHealthy("/health", Duration.ofSeconds(30));

        ActiveFault pause = faults.inject(new Fault.InstanceFault(Fault.InstanceAction.PAUSE,
                Selector.parse("count(2)")));
        assertThat(pause.targets()).hasSize(2).doesNotHaveDuplicates();
        AppInstance frozen = d.instances().get(pause.targets().get(0));
        assertThat(frozen.isAlive()).as("a paused process is alive but frozen").isTrue();
        HttpResponse<String> r = null;
        try {
            r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frozen.port() + "/health"))
                    .timeout(Duration.ofMillis(500)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException expected) {
            // frozen: no answer
        }
        assertThat(r).as("a paused instance does not answer").isNull();
        pause.heal();

        ActiveFault stopAz = faults.inject(new Fault.InstanceFault(Fault.InstanceAction.STOP,
                Selector.parse("az(us-east-1b)")));
        assertThat(stopAz.targets()).containsExactly("app-2");
        assertThatThrownBy(() -> faults.inject(new Fault.InstanceFault(Fault.InstanceAction.KILL,
                Selector.parse("app-9")))).isInstanceOf(FaultException.class).hasMessageContaining("unknown target 'app-9'")
                .hasMessageContaining("app-1");
    }

    @Test
    @Order(5)
    void cacheOutageKillsRedisAndHealBringsItBack() throws Exception {
        URI u = URI.create(e().redis());
        faults.inject(new Fault.CacheOutage(Fault.CacheMode.KILL));
        assertThatThrownBy(() -> {
            try (Jedis down = new Jedis(u.getHost(), u.getPort(), 500)) {
                down.ping();
            }
        }).as("redis down").isInstanceOf(Exception.class);
        faults.healAll();
        try (Jedis j = new Jedis(u.getHost(), u.getPort(), 2000)) {
            assertThat(j.ping()).isEqualTo("PONG");
        }
    }

    @Test
    @Order(6)
    void queueOutageWithErrorsAnswers500OnTheAppsSqsEdge() throws Exception {
        String sqs = d.links().get("app-1_sqs").listenAddress().getPort() + "";
        faults.inject(new Fault.QueueOutage(Fault.QueueMode.ERRORS));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sqs + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("InternalError");
    }

    @Test
    @Order(7)
    void badFaultsAreRejectedAndNothingIsHalfApplied() {
        assertThatThrownBy(() -> faults.inject(new Fault.Partition(List.of("app"), List.of("nosuch"),
                Fault.PartitionMode.BLACKHOLE, false))).isInstanceOf(FaultException.class)
                .hasMessageContaining("unknown component, tier or AZ 'nosuch'");
        assertThatThrownBy(() -> new Fault.Partition(List.of(), List.of("db"), Fault.PartitionMode.BLACKHOLE, false))
                .isInstanceOf(FaultException.class).hasMessageContaining("two non-empty sides");
        assertThat(faults.active()).isEmpty();
        assertThat(faults.verifyHealthy(Duration.ZERO).healthy()).isTrue();
    }

    @Test
    @Order(8)
    void failoverMovesWritesToThePromotedReplicaAndTheOldPrimaryIsGone() throws Exception {
        PostgresServer oldPrimary = d.primary();
        String promotedName = d.replicas().get(0).name();
        long t0 = System.nanoTime(); // the detection delay counts from the crash, not from inject() returning
        ActiveFault f = faults.inject(new Fault.Failover(FailoverProfile.RDS_MULTI_AZ_CLUSTER));
        // writes fail until the writer endpoint is flipped (20–35 s × 0.01 = 200–350 ms here)
        while (true) {
            try (Connection c = connect(e().dbWriter(), 2); Statement s = c.createStatement()) {
                s.execute("create table if not exists after_failover(id int)");
                s.execute("insert into after_failover values (1)");
                try (ResultSet rs = s.executeQuery("select pg_is_in_recovery(), current_setting('cluster_name')")) {
                    rs.next();
                    assertThat(rs.getBoolean(1)).isFalse();
                    assertThat(rs.getString(2)).as("write landed on the promoted replica").isEqualTo(promotedName);
                }
                break;
            } catch (SQLException ex) {
                assertThat(System.nanoTime() - t0).as("writes back within 10 s: " + ex.getMessage())
                        .isLessThan(Duration.ofSeconds(10).toNanos());
                Thread.sleep(20);
            }
        }
        long outageMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(outageMs).as("outage at least the scaled detection delay").isGreaterThanOrEqualTo(150);
        assertThat(ProcessHandle.of(oldPrimary.pid()).map(ProcessHandle::isAlive).orElse(false))
                .as("old primary process gone").isFalse();
        assertThat(d.primary().name()).isEqualTo(promotedName);
        assertThat(events.stream().filter(ev -> ev.faultId().equals(f.id())).map(FaultEvent::phase).toList())
                .containsSubsequence(FaultPhase.REQUESTED, FaultPhase.EFFECTIVE, FaultPhase.HEALED);
        // the @AfterEach health check waits for the rebuilt replica to stream from the new primary
    }

    @Test
    @Order(9)
    void azOutageStopsExactlyTheComponentsInThatAz() throws Exception {
        Map<String, Boolean> aliveBefore = d.instances().values().stream()
                .collect(Collectors.toMap(AppInstance::name, AppInstance::isAlive));
        assertThat(aliveBefore.values()).containsOnly(true);
        faults.inject(new Fault.AzOutage("us-east-1a"));
        assertThat(d.instances().get("app-1").isAlive()).isFalse();
        assertThat(d.instances().get("app-3").isAlive()).isFalse();
        assertThat(d.instances().get("app-2").isAlive()).as("app-2 is in us-east-1b").isTrue();
        assertThat(d.links().get("alb_app-2").blockMode()).isEqualTo(dev.firedrill.harness.net.BlockMode.NONE);
        assertThat(d.links().get("alb_app-1").blockMode()).isEqualTo(dev.firedrill.harness.net.BlockMode.BLACKHOLE);
        // the ALB keeps serving from AZ b once app-1 and app-3 are detected unhealthy
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int ok = 0;
        while (ok < 10 && System.nanoTime() < deadline) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(e().loadBalancer() + "/"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            ok = r.statusCode() == 200 && r.headers().firstValue("X-Instance-Id").orElse("").equals("app-2") ? ok + 1 : 0;
        }
        assertThat(ok).as("10 consecutive answers from app-2").isEqualTo(10);
    }
}
