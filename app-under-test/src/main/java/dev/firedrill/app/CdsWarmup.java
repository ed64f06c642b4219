package dev.firedrill.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.app.internal.api.ItemsApi;
import dev.firedrill.app.internal.api.SessionsApi;
import dev.firedrill.app.internal.db.Databases;
import dev.firedrill.app.internal.db.ReadRouter;
import dev.firedrill.app.internal.db.ReplicaLagMonitor;
import dev.firedrill.app.internal.http.Router;
import dev.firedrill.app.internal.redis.RedisStore;
import dev.firedrill.app.internal.resilience.Guards;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -XX:ArchiveClassesAtExit=app.jsa -jar firedrill-app-under-test.jar --cds-warmup}: loads the classes
 * start-up needs, without any dependency running, and exits, so the JVM can write an AppCDS archive. Start
 * with {@code -XX:SharedArchiveFile=app.jsa} afterwards. The archive belongs to one jar build.
 */
final class CdsWarmup {
    private CdsWarmup() {
    }

    static void run() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("INSTANCE_ID", "cds-warmup");
        env.put("AZ", "none");
        // port 1 on loopback: connection refused at once
        env.put("DB_WRITER_URL", "jdbc:postgresql://127.0.0.1:1/warmup");
        env.put("DB_READER_URL", "jdbc:postgresql://127.0.0.1:1/warmup");
        env.put("DB_USER", "warmup");
        env.put("DB_PASSWORD", "");
        env.put("REDIS_URL", "redis://127.0.0.1:1");
        env.put("SQS_ENDPOINT", "http://127.0.0.1:1");
        env.put("JOBS_QUEUE_URL", "http://127.0.0.1:1/000000000000/jobs");
        env.put("AWS_REGION", "us-east-1");
        env.put("DB_MIGRATE_TIMEOUT_MS", "0");
        env.put("DB_TIMEOUT_MS", "250");
        env.put("LOG_LEVEL", "error");
        // tracing on, as the embedded backend starts instances: the SDK and instrumenters are archived too
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1");
        try {
            App.start(env).close();
        } catch (RuntimeException expected) {
            // no database: start-up stops at the migration, after loading most of what it needs
        }
        AppConfig config = AppConfig.fromEnv(env);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Guards guards = new Guards(config.tuning(), metrics);
        try (Databases databases = new Databases(config, metrics);
             ReplicaLagMonitor lag = new ReplicaLagMonitor(databases, 60_000, metrics);
             RedisStore redis = new RedisStore(config)) {
            ReadRouter db = new ReadRouter(databases, guards.dbWriter(), guards.dbReader(), lag, false, 0);
            Router router = new Router();
            new ItemsApi(db, redis, guards.redis()).register(router);
            new SessionsApi(dev.firedrill.app.internal.api.SessionStore.redis(redis), guards.redis(), new ObjectMapper(), "cds-warmup", 1).register(router);
            metrics.scrape();
        }
        metrics.close();
        // at run time the OTLP exporter is built by the first export (DeferredSpanExporter): load its classes here
        try (OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint("http://127.0.0.1:1/v1/traces")
                .setTimeout(Duration.ofMillis(250)).setRetryPolicy(null).build()) { // refused once, no retries
            exporter.export(List.of()).join(1, TimeUnit.SECONDS);
        }
    }
}
