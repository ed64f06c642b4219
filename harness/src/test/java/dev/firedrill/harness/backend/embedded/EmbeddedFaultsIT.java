package dev.firedrill.harness.backend.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.backend.Backend;
import dev.firedrill.harness.backend.Endpoints;
import dev.firedrill.harness.backend.FaultContract;
import dev.firedrill.harness.backend.embedded.internal.AppInstance;
import dev.firedrill.harness.backend.embedded.internal.PostgresServer;
import dev.firedrill.harness.fault.ActiveFault;
import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.fault.FaultEvent;
import dev.firedrill.harness.fault.FaultPhase;
import dev.firedrill.harness.fault.Selector;
import dev.firedrill.harness.net.LatencyToxic;
import dev.firedrill.harness.net.ToxicStream;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The fault contract on the real embedded stack, plus each fault's effect where it lands: a query slowed by
 * latency on its edge, a blackhole timing out while a reject fails fast, a stale read through the reader
 * endpoint, Redis down, SQS answering 500, writes moving to the promoted replica, the ALB serving from the AZ
 * that is left.
 */
class EmbeddedFaultsIT extends FaultContract {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    protected Backend backend() {
        return new EmbeddedBackend();
    }

    @Override
    protected boolean isRunning(String component) {
        AppInstance i = ed().instances().get(component);
        return i != null && i.isAlive();
    }

    EmbeddedDeployment ed() {
        return (EmbeddedDeployment) d;
    }

    Endpoints e() {
        return d.endpoints();
    }

    Connection connect(String url, int socketTimeoutSeconds) throws SQLException {
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
            ActiveFault f = faults.inject(new Fault.ToxicFault("client->db-writer",
                    new LatencyToxic("lat", ToxicStream.DOWNSTREAM, 1.0, 300, 0)));
            assertThat(f.targets()).containsExactly("client->db-writer");
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
        assertThat(ed().instances().get("app-1").isAlive()).isFalse();
        kill.heal();
        ed().instances().get("app-1").awaitHealthy("/health", Duration.ofSeconds(30));

        ActiveFault pause = faults.inject(new Fault.InstanceFault(Fault.InstanceAction.PAUSE,
                Selector.parse("count(2)")));
        assertThat(pause.targets()).hasSize(2).doesNotHaveDuplicates();
        AppInstance frozen = ed().instances().get(pause.targets().get(0));
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
        String sqs = ed().links().get("app-1_sqs").listenAddress().getPort() + "";
        faults.inject(new Fault.QueueOutage(Fault.QueueMode.ERRORS));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sqs + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("InternalError");
    }

    @Test
    @Order(8)
    void failoverMovesWritesToThePromotedReplicaAndTheOldPrimaryIsGone() throws Exception {
        PostgresServer oldPrimary = ed().primary();
        String promotedName = ed().replicas().get(0).name();
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
        assertThat(ed().primary().name()).isEqualTo(promotedName);
        assertThat(events.stream().filter(ev -> ev.faultId().equals(f.id())).map(FaultEvent::phase).toList())
                .containsSubsequence(FaultPhase.REQUESTED, FaultPhase.EFFECTIVE, FaultPhase.HEALED);
        // the @AfterEach health check waits for the rebuilt replica to stream from the new primary
    }

    @Test
    @Order(9)
    void azOutageStopsExactlyTheComponentsInThatAz() throws Exception {
        Map<String, Boolean> aliveBefore = ed().instances().values().stream()
                .collect(Collectors.toMap(AppInstance::name, AppInstance::isAlive));
        assertThat(aliveBefore.values()).containsOnly(true);
        faults.inject(new Fault.AzOutage("us-east-1a"));
        assertThat(ed().instances().get("app-1").isAlive()).isFalse();
        assertThat(ed().instances().get("app-3").isAlive()).isFalse();
        assertThat(ed().instances().get("app-2").isAlive()).as("app-2 is in us-east-1b").isTrue();
        assertThat(ed().links().get("alb_app-2").blockMode()).isEqualTo(dev.firedrill.harness.net.BlockMode.NONE);
        assertThat(ed().links().get("alb_app-1").blockMode()).isEqualTo(dev.firedrill.harness.net.BlockMode.BLACKHOLE);
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
