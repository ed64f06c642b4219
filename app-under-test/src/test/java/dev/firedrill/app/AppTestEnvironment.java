package dev.firedrill.app;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import redis.embedded.RedisServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The app's dependencies for integration tests: one PostgreSQL (used as both writer AND reader, so there is
 * no real replica here), an embedded Redis and an in-JVM ElasticMQ with a jobs queue and its DLQ.
 *
 * <p><b>TEMPORARY.</b> PostgreSQL comes from the Debian package on the developer machine
 * (/usr/lib/postgresql/15/bin, or -Dfiredrill.test.pgBin), which the CI machine does not have; tests skip with an assumption message when it is
 * absent. Replace this class with the harness's EmbeddedBackend (real primary + streaming replica) once it
 * exists: tests only use {@link #start()}, {@link #env}, {@link #newQueues}, {@link #stopRedis},
 * {@link #startRedis}, {@link #sqs()}, {@link #jdbc} and {@link #close()}.
 */
public final class AppTestEnvironment implements AutoCloseable {
    static final String PG_BIN = System.getProperty("firedrill.test.pgBin", "/usr/lib/postgresql/15/bin");
    private static final AtomicInteger QUEUES = new AtomicInteger();

    private final Path dataDir;
    private final Process postgres;
    private final int pgPort;
    private final int redisPort;
    private RedisServer redis;
    private final SQSRestServer elasticmq;
    private final URI sqsEndpoint;
    private final SqsClient sqs;

    /** A jobs queue with its DLQ (maxReceiveCount 2, visibility 1 s so retries are quick). */
    public record Queues(String jobsUrl, String dlqUrl) {
    }

    private AppTestEnvironment(Path dataDir, Process postgres, int pgPort, int redisPort, RedisServer redis,
                               SQSRestServer elasticmq, URI sqsEndpoint, SqsClient sqs) {
        this.dataDir = dataDir;
        this.postgres = postgres;
        this.pgPort = pgPort;
        this.redisPort = redisPort;
        this.redis = redis;
        this.elasticmq = elasticmq;
        this.sqsEndpoint = sqsEndpoint;
        this.sqs = sqs;
    }

    /** Skips the calling test class when this machine has no Debian PostgreSQL 15. */
    public static void assumePostgresInstalled() {
        assumeTrue(Files.isExecutable(Paths.get(PG_BIN, "postgres")),
                "skipped: " + PG_BIN + "/postgres is absent. AppTestEnvironment is a temporary fixture that needs"
                        + " Debian's postgresql-15 (apt-get install postgresql-15) until the harness's"
                        + " EmbeddedBackend replaces it");
    }

    private static AppTestEnvironment shared;

    /**
     * One environment for the whole test JVM (each test class takes its own database and queues), stopped by a
     * shutdown hook; PostgreSQL also dies with the JVM through setpriv's parent-death signal.
     */
    public static synchronized AppTestEnvironment shared() throws Exception {
        assumePostgresInstalled();
        if (shared == null) {
            AppTestEnvironment env = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    env.close();
                } catch (Exception e) {
                    System.err.println("AppTestEnvironment cleanup failed: " + e);
                }
            }, "app-test-env-cleanup"));
            shared = env;
        }
        return shared;
    }

    public static AppTestEnvironment start() throws Exception {
        assumePostgresInstalled();
        SQSRestServer elasticmq = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        Path dataDir = Files.createTempDirectory(Files.isDirectory(Paths.get("/dev/shm")) ? Paths.get("/dev/shm")
                : Paths.get(System.getProperty("java.io.tmpdir")), "firedrill-app-it-");
        Process pg = null;
        RedisServer redis = null;
        try {
            int pgPort = freePort();
            pg = startPostgres(dataDir, pgPort);
            int redisPort = freePort();
            redis = newRedis(redisPort);
            redis.start();
            int sqsPort = elasticmq.waitUntilStarted().localAddress().getPort();
            URI endpoint = URI.create("http://127.0.0.1:" + sqsPort);
            SqsClient sqs = SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                    .httpClient(UrlConnectionHttpClient.create()).build();
            return new AppTestEnvironment(dataDir, pg, pgPort, redisPort, redis, elasticmq, endpoint, sqs);
        } catch (Exception | Error e) {
            if (redis != null) {
                try {
                    redis.stop();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (pg != null) {
                pg.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            elasticmq.stopAndWait();
            deleteTree(dataDir);
            throw e;
        }
    }

    private static RedisServer newRedis(int port) throws IOException {
        return RedisServer.newRedisServer().bind("127.0.0.1").port(port)
                .setting("save \"\"").setting("appendonly no").build();
    }

    private static Process startPostgres(Path dataDir, int port) throws Exception {
        Path data = dataDir.resolve("pg");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(List.of("chown", "-R", "65534:65534", dataDir.toString()));
        }
        run(asPostgresUser(root, List.of(PG_BIN + "/initdb", "-D", data.toString(), "-U", "postgres",
                "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions")));
        ProcessBuilder pb = new ProcessBuilder(asPostgresUser(root, List.of(PG_BIN + "/postgres", "-D",
                data.toString(), "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off", "-c", "max_connections=300", "-c", "shared_buffers=32MB",
                // segments inside the data dir, deleted with it (posix ones would pile up in /dev/shm)
                "-c", "dynamic_shared_memory_type=mmap")));
        pb.redirectErrorStream(true).redirectOutput(dataDir.resolve("postgres.log").toFile());
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Connection c = DriverManager.getConnection(url(port, "postgres"), "postgres", "")) {
                return p;
            } catch (SQLException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("PostgreSQL did not accept connections on port " + port
                            + " within 20 s (alive=" + p.isAlive() + "); log:\n"
                            + Files.readString(dataDir.resolve("postgres.log")), e);
                }
                Thread.sleep(50);
            }
        }
    }

    /** Debian's postgres refuses to run as root: drop to nobody, and die with the JVM. */
    private static List<String> asPostgresUser(boolean root, List<String> command) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--pdeathsig", "KILL",
                    "--"));
        }
        full.addAll(command);
        return full;
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String url(int port, String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db;
    }

    /** Creates a fresh database so each test class starts from an empty schema. */
    public String newDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(pgPort, "postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    public Connection jdbc(String database) throws SQLException {
        return DriverManager.getConnection(url(pgPort, database), "postgres", "");
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
        env.put("DB_WRITER_URL", url(pgPort, database));
        env.put("DB_READER_URL", url(pgPort, database));
        env.put("DB_USER", "postgres");
        env.put("DB_PASSWORD", "");
        env.put("REDIS_URL", "redis://127.0.0.1:" + redisPort);
        env.put("SQS_ENDPOINT", sqsEndpoint.toString());
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

    public void stopRedis() throws IOException {
        redis.stop();
    }

    public void startRedis() throws IOException {
        redis = newRedis(redisPort);
        redis.start();
    }

    @Override
    public void close() throws Exception {
        sqs.close();
        try {
            redis.stop();
        } catch (IOException | RuntimeException ignored) {
            // already stopped by a test
        }
        // SIGINT = PostgreSQL's fast shutdown (SIGTERM would wait for clients to leave)
        run(List.of("kill", "-INT", Long.toString(postgres.pid())));
        if (!postgres.waitFor(10, TimeUnit.SECONDS)) {
            postgres.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        elasticmq.stopAndWait();
        deleteTree(dataDir);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
