package dev.firedrill.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import dev.firedrill.app.internal.api.ItemsApi;
import dev.firedrill.app.internal.api.JobsApi;
import dev.firedrill.app.internal.api.OpsApi;
import dev.firedrill.app.internal.api.SessionStore;
import dev.firedrill.app.internal.api.SessionsApi;
import dev.firedrill.app.internal.db.Databases;
import dev.firedrill.app.internal.db.Migrations;
import dev.firedrill.app.internal.db.Pool;
import dev.firedrill.app.internal.db.ReadRouter;
import dev.firedrill.app.internal.db.ReplicaLagMonitor;
import dev.firedrill.app.internal.health.DeepHealth;
import dev.firedrill.app.internal.http.AppHandler;
import dev.firedrill.app.internal.http.Router;
import dev.firedrill.app.internal.jobs.JobQueue;
import dev.firedrill.app.internal.jobs.JobWorker;
import dev.firedrill.app.internal.jobs.Jobs;
import dev.firedrill.app.internal.log.JsonLogger;
import dev.firedrill.app.internal.redis.RedisStore;
import dev.firedrill.app.internal.release.InjectedErrors;
import dev.firedrill.app.internal.trace.Tracing;
import dev.firedrill.app.internal.resilience.Guards;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running instance of the reference app: the handle returned by {@link #start(Map)}.
 *
 * <pre>{@code
 * try (App app = App.start(Map.of("PORT", "0", "INSTANCE_ID", "i-1", ...))) {
 *     URI base = URI.create("http://127.0.0.1:" + app.port());
 * }
 * }</pre>
 *
 * Start-up: pools, schema migration (while the SQS client is built in parallel), worker, then HTTP; when
 * {@code start} returns, {@code GET /health} answers 200 (unless APP_FAULT=unhealthy; with APP_FAULT=slow-start
 * all of it waits APP_START_DELAY first). {@link #close()} is the graceful shutdown that
 * SIGTERM triggers: stop accepting, let in-flight requests and the job in hand finish within
 * SHUTDOWN_GRACE_MS, then close the pools.
 */
public final class App implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private final AppConfig config;
    private final Server server;
    private final List<AutoCloseable> resources;
    private final JobWorker worker;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final int port;

    private App(AppConfig config, Server server, List<AutoCloseable> resources, JobWorker worker) {
        this.config = config;
        this.server = server;
        this.resources = resources;
        this.worker = worker;
        this.port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /**
     * Starts an instance configured by the env contract.
     *
     * @param env the environment (see README); only this map is read, never System.getenv()
     * @return the running instance
     * @throws ConfigException when the env contract is broken
     * @throws IllegalStateException when a start-up step fails (schema migration, port in use)
     */
    public static App start(Map<String, String> env) {
        return start(AppConfig.fromEnv(env));
    }

    /** Starts an instance from an already validated configuration. */
    public static App start(AppConfig config) {
        long t0 = System.nanoTime();
        AppConfig.Release release = config.release();
        JsonLogger.configure(config.tuning().logLevel(), config.instanceId(), release.version());
        org.slf4j.MDC.put("instance", config.instanceId());
        if (release.slowStart()) {
            slowStart(release.startDelayMs());
        }
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Tracing tracing = Tracing.create(config.otel(), config.instanceId(), release.version());
            resources.add(tracing); // closed last: the spans of the shutdown itself are exported
            return boot(config, resources, t0, tracing);
        } catch (RuntimeException | Error e) {
            closeAll(resources);
            throw e;
        }
    }

    /**
     * APP_FAULT=slow-start: waits before anything is opened, so nothing listens and nothing needs closing if the
     * wait is cut short. SIGTERM meanwhile ends the JVM at once ({@code Main} registers its hook after start);
     * an interrupt ends the wait and the start.
     */
    private static void slowStart(long delayMs) {
        LOG.warn("APP_FAULT=slow-start: waiting {} ms (APP_START_DELAY) before starting; nothing listens until then",
                delayMs);
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("start-up interrupted during APP_START_DELAY (APP_FAULT=slow-start)", e);
        }
    }

    private static App boot(AppConfig config, List<AutoCloseable> resources, long t0, Tracing tracing) {
        AppConfig.Tuning t = config.tuning();
        // start-up is mostly class loading: do the independent parts in parallel with pools + migrations
        CompletableFuture<JobQueue> queueFuture = CompletableFuture.supplyAsync(() -> new JobQueue(config, tracing));
        AppConfig.Release release = config.release();
        AppHandler handler = new AppHandler(config.instanceId(), release.version(), t.maxBodyBytes());
        CompletableFuture<Server> serverFuture = CompletableFuture.supplyAsync(() -> server(config, handler));
        CompletableFuture<ObjectMapper> jsonFuture = CompletableFuture.supplyAsync(() -> new ObjectMapper(
                JsonFactory.builder().streamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(200).build()).build())
                // "{..} trailing garbage" is malformed, not a valid object
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // jsonb numbers are exact; doubles would round 0.1+ digits and turn 1e999999 into "Infinity"
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS));
        AutoCloseable parallelCleanup = () -> {
            // stop whatever the parallel steps started if a later step fails
            queueFuture.thenAccept(JobQueue::close);
            serverFuture.thenAccept(s -> {
                try {
                    s.stop();
                } catch (Exception e) {
                    LOG.warn("stopping the HTTP server failed: {}", e.toString());
                }
            });
        };
        resources.add(parallelCleanup);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics.config().commonTags("instance", config.instanceId(), "az", config.az());
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        Gauge.builder("app.info", () -> 1).description("which release this instance runs (APP_VERSION, APP_FAULT)")
                .tags("version", release.version(), "fault", release.fault()).register(metrics);
        resources.add(metrics::close);

        Databases databases = new Databases(config, metrics, tracing);
        resources.add(databases);
        long tMigrate = System.nanoTime();
        Migrations.migrate(databases.writer(), databases.migrationLock(), t.dbMigrateTimeoutMs());
        tMigrate = System.nanoTime() - tMigrate;
        ObjectMapper json = join(jsonFuture);
        Guards guards = new Guards(t, metrics, config.modes().breakersEnabled());
        ReplicaLagMonitor lag = new ReplicaLagMonitor(databases, t.replicaLagPollMs(), metrics);
        resources.add(lag);
        ReadRouter db = new ReadRouter(databases, guards.dbWriter(), guards.dbReader(), lag,
                t.readFallbackToWriter(), t.readFallbackMaxLagMs(), config.modes().consistentReadsFromReader());
        RedisStore redis = new RedisStore(config, tracing);
        resources.add(redis);
        long tQueue = System.nanoTime();
        JobQueue queue = join(queueFuture);
        tQueue = System.nanoTime() - tQueue;
        resources.add(queue);
        LOG.info("SQS: {}, credentials: {}", config.sqsEndpoint() == null ? "the endpoint of " + config.awsRegion()
                : config.sqsEndpoint(), queue.credentialsSource());
        Jobs jobs = new Jobs(db, queue, guards.sqs(), json, config.instanceId(), metrics,
                config.modes().jobsAckBeforeSend(), config.modes().jobsDedup());
        resources.add(jobs);

        DeepHealth deep = new DeepHealth(t.healthDeepTimeoutMs(), json,
                new DeepHealth.Probe(Guards.DB_WRITER, guards.dbWriter(), () -> {
                    databases.call(Pool.WRITER, c -> {
                        try (Statement s = c.createStatement()) {
                            return s.execute("SELECT 1");
                        }
                    });
                    return null;
                }),
                new DeepHealth.Probe(Guards.DB_READER, guards.dbReader(), () -> {
                    double lagMs = lag.probe();
                    if (Double.isNaN(lagMs)) {
                        throw new IllegalStateException("reader unreachable");
                    }
                    return Map.of("lagMs", Math.round(lagMs));
                }),
                new DeepHealth.Probe(Guards.REDIS, guards.redis(), () -> {
                    redis.ping();
                    return null;
                }),
                new DeepHealth.Probe(Guards.SQS, guards.sqs(), () -> Map.of("queueDepth", queue.approximateDepth())));
        resources.add(deep);

        Router router = new Router();
        new ItemsApi(db, redis, guards.redis(),
                release.errors() ? new InjectedErrors(release.errorRate()) : InjectedErrors.none()).register(router);
        new SessionsApi(config.modes().sessionsInMemory() ? SessionStore.inMemory() : SessionStore.redis(redis),
                guards.redis(), json, config.instanceId(), t.sessionTtlSeconds()).register(router);
        new JobsApi(jobs, json).register(router);
        Map<String, String> about = new LinkedHashMap<>();
        about.put("instance", config.instanceId());
        about.put("az", config.az());
        about.put("version", release.version());
        new OpsApi(deep, metrics, Collections.unmodifiableMap(about), t.debugEndpoints(), release.unhealthy())
                .register(router);

        JobWorker worker = null;
        if (t.jobsWorkerEnabled()) {
            worker = new JobWorker(jobs, queue, guards.sqs(), config.instanceId(), tracing);
            worker.start();
        }
        long tHttp = System.nanoTime();
        Server server = join(serverFuture);
        tHttp = System.nanoTime() - tHttp;
        resources.remove(parallelCleanup);
        handler.ready(router, json, metrics, tracing.http());
        if (tracing.enabled()) {
            AppConfig.Otel o = config.otel();
            LOG.info("tracing: OTLP/HTTP to {} as service {}, {}", o.tracesEndpoint(), o.serviceName(),
                    o.keepFraction() == null ? "every span exported"
                            : "exporting failed traces, slow (server span >= " + o.slowMs() + " ms) and "
                            + o.keepFraction() * 100 + " % of the rest by trace id");
        }
        App app = new App(config, server, resources, worker);
        if (release.faultDescription() != null) {
            LOG.warn("APP_FAULT={}: this instance is a deliberately bad release: {}", release.fault(),
                    release.faultDescription());
        }
        LOG.info("started {} on {}:{} in {} ms (JVM up {} ms before; migrations {} ms, waiting for SQS client {} ms,"
                        + " waiting for HTTP {} ms)", release.version(), config.bindAddress(), app.port,
                (System.nanoTime() - t0) / 1_000_000,
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() - (System.nanoTime() - t0) / 1_000_000,
                tMigrate / 1_000_000, tQueue / 1_000_000, tHttp / 1_000_000);
        return app;
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw e;
        }
    }

    /**
     * Jetty sizes its queues' padding from the references per cache line, which it reads from the platform MBean
     * server's HotSpot diagnostic bean unless this property is set: starting JMX cost each instance about 50 ms of
     * CPU at boot. 64-byte lines, 4-byte references while the heap is below 32 GB (compressed oops).
     */
    static void skipJettyMBeanProbe() {
        System.getProperties().putIfAbsent("org.eclipse.jetty.util.referencesPerCacheLine",
                Runtime.getRuntime().maxMemory() < (30L << 30) ? "16" : "8");
    }

    private static Server server(AppConfig config, AppHandler handler) {
        skipJettyMBeanProbe();
        QueuedThreadPool threads = new QueuedThreadPool(config.tuning().httpThreads(), 4);
        threads.setName("http-" + config.instanceId());
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        // ALB idle timeout is 60 s; the target's keep-alive must be longer so the ALB closes first
        connector.setIdleTimeout(65_000);
        server.addConnector(connector);
        server.setHandler(new GracefulHandler(handler));
        server.setStopTimeout(config.tuning().shutdownGraceMs());
        server.setStopAtShutdown(false);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("could not listen on " + config.bindAddress() + ":" + config.port()
                    + " (PORT, BIND_ADDRESS): " + e.getMessage(), e);
        }
        return server;
    }

    /** The port the HTTP listener is bound to (useful with PORT=0). */
    public int port() {
        return port;
    }

    public String instanceId() {
        return config.instanceId();
    }

    /**
     * Graceful shutdown, idempotent: stop accepting connections, let in-flight requests and the job in hand
     * finish (at most SHUTDOWN_GRACE_MS), then close the queue client, Redis and the database pools.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long t0 = System.nanoTime();
        LOG.info("stopping: no new connections, waiting up to {} ms for in-flight work",
                config.tuning().shutdownGraceMs());
        Thread workerStop = null;
        if (worker != null) {
            workerStop = new Thread(() -> worker.stop(config.tuning().shutdownGraceMs()), "jobs-worker-stop");
            workerStop.start();
        }
        long tServer = System.nanoTime();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("HTTP server did not stop cleanly: {}", e.toString());
        }
        tServer = (System.nanoTime() - tServer) / 1_000_000;
        if (tServer >= 100) {
            LOG.info("stopping the HTTP server took {} ms", tServer);
        }
        if (workerStop != null) {
            try {
                workerStop.join(config.tuning().shutdownGraceMs() + 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeAll(resources);
        LOG.info("stopped in {} ms: pools closed", (System.nanoTime() - t0) / 1_000_000);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            long t0 = System.nanoTime();
            try {
                resources.get(i).close();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (ms >= 100) {
                    LOG.info("closing {} took {} ms", resources.get(i).getClass().getSimpleName(), ms);
                }
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resources.get(i).getClass().getSimpleName(), e.toString());
            }
        }
    }
}
