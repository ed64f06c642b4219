package dev.firedrill.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.harness.backend.Endpoints;
import dev.firedrill.harness.net.Link;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A writer flip as RDS does it to a pooled app: the writer endpoint's DNS name moves between instances while
 * connections stay where they were. Modelled with a link standing for the endpoint's name in front of the real
 * primary and its real hot standby (which answers writes with SQLSTATE 25006, read_only_sql_transaction):
 * <ol>
 *   <li>a reconnect through a stale answer: the name points at the standby and live connections are cut, so the
 *       pool reconnects to the standby;</li>
 *   <li>the name points at the primary again, live connections untouched: every pooled connection still sits on the
 *       standby, as after a failover that demoted the instance they were attached to.</li>
 * </ol>
 * Without eviction on 25006 the pool would keep handing out those connections and every write would fail until
 * HikariCP's max lifetime (10 min); the test fails then.
 */
class WriterFlipIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSTANCE = "flip-1";
    private static final String APP_WRITER_CONNECTIONS = "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?";

    private static Endpoints endpoints;
    private static String db;
    private static InetSocketAddress primary;
    private static InetSocketAddress standby;
    private static Link writerName;
    private static App app;
    private static AppClient client;

    @BeforeAll
    static void start() throws Exception {
        AppTestEnvironment env = AppTestEnvironment.shared();
        endpoints = env.deployment().endpoints();
        db = env.newDatabase("writerflip");
        primary = address(endpoints.dbWriter());
        standby = address(endpoints.dbReader());
        writerName = Link.open("writer-endpoint-name", primary);
        Map<String, String> e = env.env(INSTANCE, db, env.newQueues());
        e.put("DB_WRITER_URL", "jdbc:postgresql://127.0.0.1:" + writerName.listenAddress().getPort() + "/" + db);
        e.put("DB_WRITER_POOL_SIZE", "2"); // minimum idle 2 as well: the whole pool is two known connections
        e.put("DB_TIMEOUT_MS", "1000");
        e.put("JOBS_WORKER_ENABLED", "false");
        // the breakers are not under test: a handful of failures must not open the writer's
        e.put("BREAKER_WINDOW_SIZE", "100");
        e.put("BREAKER_MIN_CALLS", "100");
        app = App.start(e);
        client = new AppClient(app.port());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (writerName != null) {
            writerName.close();
        }
    }

    @Test
    void aReadOnlyWriterIsALostConnectionAndThePoolRecoversWithoutARestart() throws Exception {
        assertThat(write().statusCode()).isEqualTo(201);

        // what a lost writer connection answers today: the shape a read-only writer must answer with
        writerName.setEnabled(false);
        HttpResponse<String> lost = write();
        writerName.setEnabled(true);
        assertThat(lost.statusCode()).isEqualTo(503);
        awaitWriteSucceeds();

        // 1. stale DNS: reconnects land on the standby
        writerName.setUpstreams(List.of(standby));
        writerName.cutConnections();
        HttpResponse<String> refused = null;
        for (int i = 0; i < 20 && refused == null; i++) {
            HttpResponse<String> r = write();
            assertThat(r.statusCode()).as("no write can succeed on the standby: %s", r.body()).isEqualTo(503);
            if (r.body().contains("read-only")) {
                refused = r;
            }
        }
        assertThat(refused).as("a write reached the standby and was refused as read-only").isNotNull();
        awaitAppWriterConnectionsOnStandby(2);

        // 2. the name points at the writer again; the pool's connections are still on the standby
        writerName.setUpstreams(List.of(primary));
        HttpResponse<String> onStale = write();
        assertThat(onStale.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(onStale.body());
        assertThat(body.get("detail").asText()).as("a pooled connection on the standby refused it")
                .contains("read-only");
        assertLikeLostConnection(onStale, lost);

        HttpResponse<String> next = write();
        assertThat(next.statusCode()).as("evicted on 25006, the pool opened a fresh connection to the writer: %s",
                next.body()).isEqualTo(201);
        long id = JSON.readTree(next.body()).get("id").asLong();
        assertThat(client.get("/items/" + id + "?consistent=true").statusCode()).isEqualTo(200);
        awaitAppWriterConnectionsOnStandby(0);
        assertThat(write().statusCode()).isEqualTo(201);
    }

    private static void assertLikeLostConnection(HttpResponse<String> readOnly, HttpResponse<String> lost)
            throws Exception {
        JsonNode a = JSON.readTree(readOnly.body());
        JsonNode b = JSON.readTree(lost.body());
        assertThat(readOnly.statusCode()).isEqualTo(lost.statusCode());
        assertThat(a.get("error").asText()).isEqualTo(b.get("error").asText()).isEqualTo("dependency_unavailable");
        assertThat(a.get("detail").asText()).startsWith("db-writer:");
        assertThat(b.get("detail").asText()).startsWith("db-writer:");
        assertThat(readOnly.headers().firstValue("Retry-After")).isEqualTo(lost.headers().firstValue("Retry-After"));
        assertThat(readOnly.body()).as("an answer, not a stack trace").doesNotContain("\tat ").doesNotContain("at dev.firedrill");
    }

    private static HttpResponse<String> write() throws Exception {
        return client.post("/items", "{\"value\":\"flip\"}");
    }

    /** HikariCP reconnects with a back-off (up to 5 s); bounded, not timed. */
    private static void awaitWriteSucceeds() throws Exception {
        for (int i = 0; i < 100; i++) {
            if (write().statusCode() == 201) {
                return;
            }
            Thread.sleep(100);
        }
        fail("writes did not succeed again after the writer came back");
    }

    /** The app's writer-pool connections the standby itself counts (its pg_stat_activity). */
    private static void awaitAppWriterConnectionsOnStandby(int expected) throws Exception {
        String url = "jdbc:postgresql://" + standby.getHostString() + ":" + standby.getPort() + "/" + db;
        long seen = -1;
        try (Connection c = DriverManager.getConnection(url, endpoints.dbUser(), endpoints.dbPassword());
                PreparedStatement s = c.prepareStatement(APP_WRITER_CONNECTIONS)) {
            s.setString(1, "firedrill-app/" + INSTANCE + "/db-writer");
            for (int i = 0; i < 150; i++) {
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    seen = rs.getLong(1);
                }
                if (seen == expected) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        fail("the standby holds " + seen + " of the app's writer connections, expected " + expected);
    }

    private static InetSocketAddress address(String jdbcUrl) {
        URI u = URI.create(jdbcUrl.substring("jdbc:".length()));
        return new InetSocketAddress(u.getHost(), u.getPort());
    }
}
