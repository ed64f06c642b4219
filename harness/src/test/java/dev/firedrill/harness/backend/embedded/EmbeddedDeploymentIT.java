package dev.firedrill.harness.backend.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.harness.backend.Endpoints;
import dev.firedrill.harness.backend.embedded.internal.AppInstance;
import dev.firedrill.harness.lb.TargetState;
import dev.firedrill.harness.testapp.TestTopologies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The default topology on the real embedded components, with test servers as the fleet. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedDeploymentIT {
    static final double TIME_SCALE = 0.01; // health check every 300 ms, unhealthy after 2 × 300 ms
    static EmbeddedDeployment deployment;
    static Endpoints endpoints;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void up() {
        deployment = new EmbeddedBackend().deploy(TestTopologies.withTestServers(3, TIME_SCALE));
        endpoints = deployment.endpoints();
    }

    @AfterAll
    static void down() {
        if (deployment != null) {
            deployment.close();
            assertThat(deployment.runDir()).as("run directory removed on close").doesNotExist();
        }
    }

    @Test
    @Order(1)
    void rowWrittenThroughWriterIsReadThroughReaderFromTheReplica() throws Exception {
        try (Connection w = connect(endpoints.dbWriter()); Statement s = w.createStatement()) {
            s.execute("create table if not exists t(id int primary key, v text)");
            s.execute("insert into t values (1, 'hello')");
        }
        try (Connection r = connect(endpoints.dbReader()); Statement s = r.createStatement()) {
            try (ResultSet rs = s.executeQuery("select pg_is_in_recovery()")) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("reader endpoint lands on a replica").isTrue();
            }
            String v = null;
            for (int i = 0; i < 200 && v == null; i++) {
                try (ResultSet rs = s.executeQuery("select v from t where id = 1")) {
                    v = rs.next() ? rs.getString(1) : null;
                } catch (java.sql.SQLException e) {
                    // table not replicated yet
                }
                if (v == null) {
                    Thread.sleep(10);
                }
            }
            assertThat(v).isEqualTo("hello");
        }
    }

    @Test
    @Order(2)
    void primaryShowsTheReplicaStreaming() throws Exception {
        try (Connection w = connect(endpoints.dbWriter()); Statement s = w.createStatement();
                ResultSet rs = s.executeQuery("select state from pg_stat_replication")) {
            assertThat(rs.next()).as("one replication connection").isTrue();
            assertThat(rs.getString(1)).isEqualTo("streaming");
        }
    }

    @Test
    @Order(2)
    void instancesStartedWhileTheReplicaStartedReadFromItThroughTheirReaderLinks() throws Exception {
        // the instances start once the primary is up; their reader links held connections until the replica streamed
        List<java.net.InetSocketAddress> replicas = deployment.replicas().stream()
                .map(dev.firedrill.harness.backend.embedded.internal.PostgresServer::address).toList();
        assertThat(replicas).hasSize(1);
        assertThat(deployment.instances()).hasSize(3);
        for (String instance : deployment.instances().keySet()) {
            dev.firedrill.harness.net.Link reader = deployment.link(instance, "db-reader");
            assertThat(reader.upstreams()).as(reader.name()).isEqualTo(replicas);
            java.net.InetSocketAddress at = reader.listenAddress();
            try (Connection c = connect("jdbc:postgresql://" + at.getHostString() + ":" + at.getPort() + "/postgres");
                    Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_is_in_recovery()")) {
                rs.next();
                assertThat(rs.getBoolean(1)).as(reader.name() + " lands on the replica").isTrue();
            }
        }
    }

    @Test
    @Order(3)
    void redisSetAndGet() {
        URI u = URI.create(endpoints.redis());
        try (Jedis j = new Jedis(u.getHost(), u.getPort())) {
            j.set("k", "v");
            assertThat(j.get("k")).isEqualTo("v");
        }
    }

    @Test
    @Order(4)
    void sqsSendReceiveAndDeadLetterAfterMaxReceiveCount() {
        try (SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(endpoints.sqsEndpoint()))
                .region(Region.US_EAST_1).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build()) {
            String jobs = endpoints.sqsQueues().get("jobs");
            String dlq = endpoints.sqsQueues().get("jobs-dlq");
            sqs.sendMessage(b -> b.queueUrl(jobs).messageBody("hello"));
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(jobs).waitTimeSeconds(2)).messages();
            assertThat(got).extracting(Message::body).containsExactly("hello");
            sqs.deleteMessage(b -> b.queueUrl(jobs).receiptHandle(got.get(0).receiptHandle()));

            sqs.sendMessage(b -> b.queueUrl(jobs).messageBody("poison"));
            int receives = 0;
            for (int i = 0; i < 20; i++) {
                List<Message> m = sqs.receiveMessage(b -> b.queueUrl(jobs).waitTimeSeconds(1).visibilityTimeout(0))
                        .messages();
                receives += m.size();
                if (!sqs.receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(0).visibilityTimeout(0)).messages()
                        .isEmpty()) {
                    break;
                }
            }
            assertThat(receives).as("received maxReceiveCount (3) times before redrive").isEqualTo(3);
            List<Message> dead = sqs.receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(1)).messages();
            assertThat(dead).extracting(Message::body).containsExactly("poison");
        }
    }

    @Test
    @Order(5)
    void httpThroughTheAlbReachesEveryHealthyInstance() throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> r = get("/");
            assertThat(r.statusCode()).isEqualTo(200);
            seen.add(r.headers().firstValue("X-Instance-Id").orElse("?"));
        }
        assertThat(seen).containsExactlyInAnyOrder("app-1", "app-2", "app-3");
    }

    @Test
    @Order(6)
    void killedInstanceIsMarkedUnhealthyAfterThresholdTimesIntervalAndGetsNoTraffic() throws Exception {
        AppInstance victim = deployment.instances().get("app-2");
        long t0 = System.nanoTime();
        victim.process().kill();
        while (deployment.alb().targetHealth().get("app-2").state() != TargetState.UNHEALTHY) {
            assertThat(System.nanoTime() - t0).as("detected within 10 s").isLessThan(Duration.ofSeconds(10).toNanos());
            Thread.sleep(5);
        }
        long detectedMs = (System.nanoTime() - t0) / 1_000_000;
        // unhealthy threshold 2 × interval 30 s × timeScale 0.01 = 600 ms; the first failing check can come up to one
        // interval (300 ms) after the kill, and each check may wait up to its timeout.
        assertThat(detectedMs).as("detection time in ms").isBetween(250L, 3000L);
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> r = get("/");
            assertThat(r.statusCode()).as("no errors once the target is out").isEqualTo(200);
            assertThat(r.headers().firstValue("X-Instance-Id")).isNotEqualTo(java.util.Optional.of("app-2"));
        }
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.loadBalancer() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Connection connect(String url) throws Exception {
        return DriverManager.getConnection(url, endpoints.dbUser(), endpoints.dbPassword());
    }

    @Test
    @Order(7)
    void wrongPasswordIsRefused() {
        assertThatThrownBy(() -> DriverManager.getConnection(endpoints.dbWriter(), endpoints.dbUser(), "wrong"))
                .hasMessageContaining("password authentication failed");
    }
}
