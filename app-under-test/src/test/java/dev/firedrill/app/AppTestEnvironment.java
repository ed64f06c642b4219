package dev.firedrill.app;

import dev.firedrill.harness.backend.Endpoints;
import dev.firedrill.harness.backend.Backends;
import dev.firedrill.harness.backend.Deployment;
import dev.firedrill.harness.fault.ActiveFault;
import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.topology.Topology;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The app's dependencies for integration tests, from firedrill's own embedded backend: a real PostgreSQL
 * primary with a streaming read replica (writer and reader endpoints), Redis and ElasticMQ, each behind a
 * harness link. No fleet and no load balancer: the tests start the app themselves, in-process or as a
 * process. The app itself still depends on nothing of the harness; only its tests do.
 */
public final class AppTestEnvironment implements AutoCloseable {
    private static final AtomicInteger QUEUES = new AtomicInteger();
    private static AppTestEnvironment shared;

    private final Deployment deployment;
    private volatile ActiveFault redisDown;
    private final Endpoints endpoints;
    private final SqsClient sqs;

    /** A jobs queue with its DLQ (maxReceiveCount 2, visibility 1 s so retries are quick). */
    public record Queues(String jobsUrl, String dlqUrl) {
    }

    private AppTestEnvironment(Deployment deployment) {
        this.deployment = deployment;
        this.endpoints = deployment.endpoints();
        this.sqs = software.amazon.awssdk.services.sqs.SqsClient.builder()
                .endpointOverride(java.net.URI.create(endpoints.sqsEndpoint()))
                .region(software.amazon.awssdk.regions.Region.of(deployment.topology().region()))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("x", "x")))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .build();
    }

    /** One environment for the whole test JVM (each test class takes its own database and queues). */
    public static synchronized AppTestEnvironment shared() throws Exception {
        if (shared == null) {
            AppTestEnvironment env = start();
            Runtime.getRuntime().addShutdownHook(new Thread(env::close, "app-test-env-cleanup"));
            shared = env;
        }
        return shared;
    }

    public static AppTestEnvironment start() {
        Topology t = Topology.builder().timeScale(0.01).instances(0).loadBalancer(lb -> null).build();
        return new AppTestEnvironment(Backends.named("embedded").deploy(t));
    }

    /** A port that was free a moment ago on 127.0.0.1. */
    static int freePort() {
        return dev.firedrill.harness.internal.Ports.freePort();
    }

    private static String withDatabase(String jdbcUrl, String db) {
        return jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1) + db;
    }

    /** Creates a fresh database (replicated to the replica like everything else) so each class starts empty. */
    public String newDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(endpoints.dbWriter(), endpoints.dbUser(), endpoints.dbPassword());
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    /** A connection to the writer endpoint (the primary). */
    public Connection jdbc(String database) throws SQLException {
        return DriverManager.getConnection(withDatabase(endpoints.dbWriter(), database), endpoints.dbUser(),
                endpoints.dbPassword());
    }

    /** A fresh jobs queue and DLQ with a redrive policy (maxReceiveCount 2, visibility timeout 1 s). */
    public Queues newQueues() {
        String suffix = Integer.toString(QUEUES.incrementAndGet());
        String dlqUrl = sqs.createQueue(b -> b.queueName("jobs-dlq-" + suffix)).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String jobsUrl = sqs.createQueue(b -> b.queueName("jobs-" + suffix).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"maxReceiveCount\":\"2\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}"))).queueUrl();
        return new Queues(jobsUrl, dlqUrl);
    }

    /** The env contract for one instance against the given database and queue. */
    public Map<String, String> env(String instanceId, String database, Queues queues) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("INSTANCE_ID", instanceId);
        env.put("AZ", "test-1a");
        env.put("DB_WRITER_URL", withDatabase(endpoints.dbWriter(), database));
        env.put("DB_READER_URL", withDatabase(endpoints.dbReader(), database));
        env.put("DB_USER", endpoints.dbUser());
        env.put("DB_PASSWORD", endpoints.dbPassword());
        env.put("REDIS_URL", endpoints.redis());
        env.put("SQS_ENDPOINT", endpoints.sqsEndpoint());
        env.put("JOBS_QUEUE_URL", queues.jobsUrl());
        env.put("AWS_REGION", "us-east-1");
        env.put("DB_WRITER_POOL_SIZE", "4");
        env.put("DB_READER_POOL_SIZE", "4");
        env.put("JOBS_WAIT_SECONDS", "1");
        env.put("LOG_LEVEL", "warn");
        return env;
    }

    public SqsClient sqs() {
        return sqs;
    }

    /** The running deployment, for tests that inject faults. */
    public Deployment deployment() {
        return deployment;
    }

    /** Kills Redis (a cache node failure). */
    public void stopRedis() {
        redisDown = deployment.faults().inject(new Fault.CacheOutage(Fault.CacheMode.KILL));
    }

    /** Starts Redis again on the same port, empty. */
    public void startRedis() {
        ActiveFault f = redisDown;
        if (f != null) {
            f.heal();
            redisDown = null;
        }
    }

    @Override
    public void close() {
        sqs.close();
        deployment.close();
    }
}
