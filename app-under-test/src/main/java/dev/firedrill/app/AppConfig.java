package dev.firedrill.app;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app's whole configuration, read only from the env contract documented in the module README.
 *
 * <pre>{@code
 * AppConfig config = AppConfig.fromEnv(System.getenv());
 * }</pre>
 *
 * @param port               PORT; 0 picks a free port
 * @param bindAddress        BIND_ADDRESS (default 127.0.0.1)
 * @param instanceId         INSTANCE_ID, echoed in X-Instance-Id and every log line
 * @param az                 AZ, reported by /health/deep
 * @param dbWriterUrl        DB_WRITER_URL, JDBC URL of the primary
 * @param dbReaderUrl        DB_READER_URL, JDBC URL of the replica
 * @param dbUser             DB_USER
 * @param dbPassword         DB_PASSWORD
 * @param redisUri           REDIS_URL, redis://host:port
 * @param sqsEndpoint        SQS_ENDPOINT, endpoint override for the SQS client (an emulator such as ElasticMQ);
 *                           null when unset: the SDK then uses AWS_REGION's SQS endpoint
 * @param jobsQueueUrl       JOBS_QUEUE_URL
 * @param awsRegion          AWS_REGION
 * @param awsAccessKeyId     AWS_ACCESS_KEY_ID, or null: then the SQS client takes dummy keys when SQS_ENDPOINT is
 *                           not an AWS endpoint, else the SDK's default credential chain (an EC2 instance
 *                           profile's role); see {@code internal.jobs.SqsCredentials}
 * @param awsSecretAccessKey AWS_SECRET_ACCESS_KEY, required with AWS_ACCESS_KEY_ID, else null
 * @param awsSessionToken    AWS_SESSION_TOKEN, for temporary static keys, else null
 * @param tuning             all optional knobs
 * @param modes              DB_POOL and the opt-in weakening switches (all off by default)
 * @param release            APP_VERSION and the opt-in bad-release faults (none by default)
 * @param otel               OpenTelemetry's standard variables; tracing is off without an endpoint
 */
public record AppConfig(
        int port,
        String bindAddress,
        String instanceId,
        String az,
        String dbWriterUrl,
        String dbReaderUrl,
        String dbUser,
        String dbPassword,
        URI redisUri,
        URI sqsEndpoint,
        String jobsQueueUrl,
        String awsRegion,
        String awsAccessKeyId,
        String awsSecretAccessKey,
        String awsSessionToken,
        Tuning tuning,
        Modes modes,
        Release release,
        Otel otel) {

    /** The values APP_FAULT takes; {@code none} is the default. */
    public static final List<String> FAULTS = List.of("none", "unhealthy", "errors", "slow-start");

    /**
     * Which release this instance is, and optionally how it is a bad one, so a drill can rehearse rolling,
     * blue/green and canary deployments and their automatic rollback. Each fault models a well-known bad release;
     * none belongs in production.
     *
     * @param version     APP_VERSION ({@code v1}), {@code [A-Za-z0-9._-]{1,64}}: sent as X-App-Version, logged,
     *                    exported as {@code app_info{version}} and as the OTel resource's {@code service.version}
     * @param fault       APP_FAULT: {@code none} (default), {@code unhealthy} (GET /health answers 503),
     *                    {@code errors} (a share of item requests answer 500) or {@code slow-start} (nothing
     *                    listens for APP_START_DELAY)
     * @param errorRate   APP_FAULT_ERROR_RATE (0.5), 0..1: with {@code errors}, the share of POST /items,
     *                    PUT /items/{id} and GET /items/{id} requests that answer 500
     * @param startDelayMs APP_START_DELAY (10s), at most 300s: with {@code slow-start}, how long start-up waits
     *                    before anything else
     */
    public record Release(String version, String fault, double errorRate, long startDelayMs) {
        /** Version {@code v1}, no fault. */
        public static Release defaults() {
            return new Release("v1", "none", 0.5, 10_000);
        }

        public boolean unhealthy() {
            return "unhealthy".equals(fault);
        }

        public boolean errors() {
            return "errors".equals(fault);
        }

        public boolean slowStart() {
            return "slow-start".equals(fault);
        }

        /** What this release does wrong, for the start-up log; null without a fault. */
        public String faultDescription() {
            switch (fault) {
                case "unhealthy": return "GET /health answers 503";
                case "errors": return errorRate * 100 + " % of POST /items, PUT /items/{id} and GET /items/{id} "
                        + "answer 500 injected_fault";
                case "slow-start": return "start-up waited " + startDelayMs + " ms before opening anything";
                default: return null;
            }
        }
    }

    /**
     * Tracing, from OpenTelemetry's standard variables (the SDK's autoconfigure names; only these are read).
     *
     * @param tracesEndpoint     OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else OTEL_EXPORTER_OTLP_ENDPOINT + {@code /v1/traces};
     *                           null: tracing off (nothing created, nothing exported)
     * @param serviceName        OTEL_SERVICE_NAME (default {@code firedrill-app})
     * @param resourceAttributes OTEL_RESOURCE_ATTRIBUTES, {@code k=v,...}; {@code service.instance.id} defaults to
     *                           INSTANCE_ID
     * @param scheduleDelayMs    OTEL_BSP_SCHEDULE_DELAY (1000): how long the batch processor waits before exporting
     *                           (the SDK's own default is 5000; shorter keeps a trace's spans together at a tail sampler)
     * @param disabled           OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none
     * @param keepFraction       FIREDRILL_TRACE_KEEP_FRACTION, 0..1, or null (unset): sample at the source, exporting
     *                           only traces with an error, a slow server span, or in this share of the rest chosen by
     *                           trace id (OTel's TraceIdRatioBased rule); unset exports every span
     * @param slowMs             FIREDRILL_TRACE_SLOW_MS (500): a server span this long keeps its trace
     */
    public record Otel(String tracesEndpoint, String serviceName, String resourceAttributes, int scheduleDelayMs,
                       boolean disabled, Double keepFraction, int slowMs) {
        public boolean enabled() {
            return tracesEndpoint != null && !disabled;
        }
    }

    /**
     * How the app reaches its dependencies, plus switches that weaken it on purpose so a drill can show its
     * SLOs bite. Every weakening is off by default; none belongs in production.
     *
     * @param dbPool              DB_POOL: {@code hikari} (default) or {@code none} (a fresh connection per DB
     *                            call, with connect and socket timeouts: nothing of the app's own, such as a
     *                            pool's reconnect back-off, outlives a database outage)
     * @param sessionStore        SESSION_STORE: {@code redis} (default) or {@code memory} (weakening: sessions
     *                            live in the instance that created them)
     * @param breakersEnabled     BREAKERS_ENABLED (true); false = weakening: no circuit breaker anywhere
     * @param consistentReadsFrom CONSISTENT_READS_FROM: {@code writer} (default) or {@code reader} (weakening:
     *                            {@code ?consistent=true} is served by the replica, so there is no read-your-writes
     *                            path)
     * @param jobsAckBeforeSend   JOBS_ACK_BEFORE_SEND (false); true = weakening: POST /jobs answers 202 before
     *                            SQS accepted the message, and sends it in the background
     * @param jobsDedup           JOBS_DEDUP (true); false = weakening: the worker runs a job's work again when SQS
     *                            redelivers a message of a job already done (no idempotency)
     */
    public record Modes(String dbPool, String sessionStore, boolean breakersEnabled, String consistentReadsFrom,
                        boolean jobsAckBeforeSend, boolean jobsDedup) {
        /** The production-ready defaults. */
        public static Modes defaults() {
            return new Modes("hikari", "redis", true, "writer", false, true);
        }

        public boolean pooled() {
            return "hikari".equals(dbPool);
        }

        public boolean sessionsInMemory() {
            return "memory".equals(sessionStore);
        }

        public boolean consistentReadsFromReader() {
            return "reader".equals(consistentReadsFrom);
        }
    }

    /**
     * Optional knobs, each with the default given in the README.
     *
     * @param dbWriterPoolSize      DB_WRITER_POOL_SIZE (10)
     * @param dbReaderPoolSize      DB_READER_POOL_SIZE (10)
     * @param dbTimeoutMs           DB_TIMEOUT_MS (2000): pool wait, socket and statement timeout
     * @param dbReadRetries         DB_READ_RETRIES (2): extra attempts for idempotent reads
     * @param retryBaseMs           RETRY_BASE_MS (50): first backoff, exponential with full jitter
     * @param dbMigrateTimeoutMs    DB_MIGRATE_TIMEOUT_MS (30000): how long start-up retries migrations
     * @param readFallbackToWriter  READ_FALLBACK_TO_WRITER (false)
     * @param readFallbackMaxLagMs  READ_FALLBACK_MAX_LAG_MS (5000)
     * @param replicaLagPollMs      REPLICA_LAG_POLL_MS (1000)
     * @param redisTimeoutMs        REDIS_TIMEOUT_MS (500): connect, socket and pool-wait timeout
     * @param redisPoolSize         REDIS_POOL_SIZE (16)
     * @param cacheTtlSeconds       CACHE_TTL_SECONDS (60)
     * @param sessionTtlSeconds     SESSION_TTL_SECONDS (3600)
     * @param sqsTimeoutMs          SQS_TIMEOUT_MS (3000): per SQS call (long polls get this on top of the wait)
     * @param jobsWorkerEnabled     JOBS_WORKER_ENABLED (true)
     * @param jobsWaitSeconds       JOBS_WAIT_SECONDS (10): long-poll wait, 0..20
     * @param jobsMaxMessages       JOBS_MAX_MESSAGES (5): messages per receive, 1..10
     * @param breakerFailureRate    BREAKER_FAILURE_RATE (50): percent of failed calls that opens a breaker
     * @param breakerWindowSize     BREAKER_WINDOW_SIZE (20): calls in the sliding window
     * @param breakerMinCalls       BREAKER_MIN_CALLS (10): calls before the rate is judged
     * @param breakerOpenMs         BREAKER_OPEN_MS (5000): how long an open breaker rejects calls
     * @param breakerHalfOpenCalls  BREAKER_HALF_OPEN_CALLS (3): trial calls when half-open
     * @param shutdownGraceMs       SHUTDOWN_GRACE_MS (10000): how long in-flight requests and jobs may finish
     * @param maxBodyBytes          MAX_BODY_BYTES (65536): larger request bodies get 413
     * @param httpThreads           HTTP_THREADS (64)
     * @param healthDeepTimeoutMs   HEALTH_DEEP_TIMEOUT_MS (1000): budget of one /health/deep probe
     * @param logLevel              LOG_LEVEL (info)
     * @param debugEndpoints        DEBUG_ENDPOINTS (false): enables GET /debug/sleep?ms=
     * @param dnsTtlSeconds         DNS_TTL_SECONDS (5): how long the JVM caches a successful DNS lookup (failed
     *                              ones at most 1 s), set at start by {@code Main} unless the JVM's own setting
     *                              is given; RDS moves its endpoint's DNS name (TTL 5 s) on failover, and the JVM's
     *                              default of 30 s would keep new connections going to the old writer that long
     */
    public record Tuning(
            int dbWriterPoolSize,
            int dbReaderPoolSize,
            int dbTimeoutMs,
            int dbReadRetries,
            int retryBaseMs,
            int dbMigrateTimeoutMs,
            boolean readFallbackToWriter,
            int readFallbackMaxLagMs,
            int replicaLagPollMs,
            int redisTimeoutMs,
            int redisPoolSize,
            int cacheTtlSeconds,
            int sessionTtlSeconds,
            int sqsTimeoutMs,
            boolean jobsWorkerEnabled,
            int jobsWaitSeconds,
            int jobsMaxMessages,
            int breakerFailureRate,
            int breakerWindowSize,
            int breakerMinCalls,
            int breakerOpenMs,
            int breakerHalfOpenCalls,
            int shutdownGraceMs,
            int maxBodyBytes,
            int httpThreads,
            int healthDeepTimeoutMs,
            String logLevel,
            boolean debugEndpoints,
            int dnsTtlSeconds) {
    }

    /**
     * Reads and validates the env contract.
     *
     * @param env the environment, e.g. {@code System.getenv()}
     * @return the configuration
     * @throws ConfigException naming every missing or malformed variable
     */
    public static AppConfig fromEnv(Map<String, String> env) {
        Reader r = new Reader(env);
        Tuning tuning = new Tuning(
                r.integer("DB_WRITER_POOL_SIZE", 10, 1, 500),
                r.integer("DB_READER_POOL_SIZE", 10, 1, 500),
                r.integer("DB_TIMEOUT_MS", 2000, 250, 600_000),
                r.integer("DB_READ_RETRIES", 2, 0, 10),
                r.integer("RETRY_BASE_MS", 50, 1, 10_000),
                r.integer("DB_MIGRATE_TIMEOUT_MS", 30_000, 0, 3_600_000),
                r.bool("READ_FALLBACK_TO_WRITER", false),
                r.integer("READ_FALLBACK_MAX_LAG_MS", 5000, 0, 3_600_000),
                r.integer("REPLICA_LAG_POLL_MS", 1000, 50, 600_000),
                r.integer("REDIS_TIMEOUT_MS", 500, 10, 600_000),
                r.integer("REDIS_POOL_SIZE", 16, 1, 1000),
                r.integer("CACHE_TTL_SECONDS", 60, 1, 86_400 * 30),
                r.integer("SESSION_TTL_SECONDS", 3600, 1, 86_400 * 30),
                r.integer("SQS_TIMEOUT_MS", 3000, 100, 600_000),
                r.bool("JOBS_WORKER_ENABLED", true),
                r.integer("JOBS_WAIT_SECONDS", 10, 0, 20),
                r.integer("JOBS_MAX_MESSAGES", 5, 1, 10),
                r.integer("BREAKER_FAILURE_RATE", 50, 1, 100),
                r.integer("BREAKER_WINDOW_SIZE", 20, 1, 10_000),
                r.integer("BREAKER_MIN_CALLS", 10, 1, 10_000),
                r.integer("BREAKER_OPEN_MS", 5000, 1, 3_600_000),
                r.integer("BREAKER_HALF_OPEN_CALLS", 3, 1, 1000),
                r.integer("SHUTDOWN_GRACE_MS", 10_000, 0, 3_600_000),
                r.integer("MAX_BODY_BYTES", 65_536, 1, 64 * 1024 * 1024),
                r.integer("HTTP_THREADS", 64, 8, 10_000),
                r.integer("HEALTH_DEEP_TIMEOUT_MS", 1000, 10, 600_000),
                r.oneOf("LOG_LEVEL", "info", List.of("trace", "debug", "info", "warn", "error")),
                r.bool("DEBUG_ENDPOINTS", false),
                r.integer("DNS_TTL_SECONDS", 5, 0, 86_400));
        AppConfig config = new AppConfig(
                r.integer("PORT", null, 0, 65_535),
                r.optional("BIND_ADDRESS", "127.0.0.1"),
                r.required("INSTANCE_ID"),
                r.required("AZ"),
                r.jdbc("DB_WRITER_URL"),
                r.jdbc("DB_READER_URL"),
                r.required("DB_USER"),
                env.containsKey("DB_PASSWORD") ? env.get("DB_PASSWORD") : r.required("DB_PASSWORD"),
                r.uri("REDIS_URL", "redis"),
                r.optional("SQS_ENDPOINT", null) == null ? null : r.uri("SQS_ENDPOINT", null),
                r.required("JOBS_QUEUE_URL"),
                r.required("AWS_REGION"),
                r.optional("AWS_ACCESS_KEY_ID", null),
                r.optional("AWS_SECRET_ACCESS_KEY", null),
                r.optional("AWS_SESSION_TOKEN", null),
                tuning,
                new Modes(r.oneOf("DB_POOL", "hikari", List.of("hikari", "none")),
                        r.oneOf("SESSION_STORE", "redis", List.of("redis", "memory")),
                        r.bool("BREAKERS_ENABLED", true),
                        r.oneOf("CONSISTENT_READS_FROM", "writer", List.of("writer", "reader")),
                        r.bool("JOBS_ACK_BEFORE_SEND", false),
                        r.bool("JOBS_DEDUP", true)),
                release(r),
                otel(r, env));
        r.pairedKeys();
        r.throwIfProblems();
        return config;
    }

    private static Release release(Reader r) {
        Release d = Release.defaults();
        Double rate = r.fraction("APP_FAULT_ERROR_RATE", "e.g. 0.1 for one item request in ten to fail");
        return new Release(r.token("APP_VERSION", d.version()), r.oneOf("APP_FAULT", d.fault(), FAULTS),
                rate == null ? d.errorRate() : rate, r.duration("APP_START_DELAY", d.startDelayMs(), 300_000));
    }

    private static Otel otel(Reader r, Map<String, String> env) {
        String traces = r.optional("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", null);
        String base = r.optional("OTEL_EXPORTER_OTLP_ENDPOINT", null);
        if (traces == null && base != null) {
            traces = base.replaceAll("/+$", "") + "/v1/traces";
        }
        boolean disabled = "true".equalsIgnoreCase(env.getOrDefault("OTEL_SDK_DISABLED", "false"))
                || "none".equalsIgnoreCase(env.getOrDefault("OTEL_TRACES_EXPORTER", "otlp"));
        return new Otel(traces, r.optional("OTEL_SERVICE_NAME", "firedrill-app"),
                r.optional("OTEL_RESOURCE_ATTRIBUTES", null), r.integer("OTEL_BSP_SCHEDULE_DELAY", 1000, 1, 600_000),
                disabled, r.fraction("FIREDRILL_TRACE_KEEP_FRACTION", "e.g. 0.1 to keep a tenth of the ordinary traces"),
                r.integer("FIREDRILL_TRACE_SLOW_MS", 500, 0, 3_600_000));
    }

    /** Collects every problem instead of stopping at the first. */
    private static final class Reader {
        private final Map<String, String> env;
        private final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        String optional(String name, String fallback) {
            String v = env.get(name);
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        String required(String name) {
            String v = env.get(name);
            if (v == null || v.isBlank()) {
                problems.add(name + " is missing; it is required (see app-under-test/README.md)");
                return null;
            }
            return v.trim();
        }

        Integer integer(String name, Integer fallback, int min, int max) {
            String v = fallback == null ? required(name) : optional(name, null);
            if (v == null) {
                return fallback == null ? 0 : fallback;
            }
            try {
                int n = Integer.parseInt(v);
                if (n < min || n > max) {
                    problems.add(name + "=" + v + " is out of range; expected " + min + ".." + max);
                }
                return n;
            } catch (NumberFormatException e) {
                problems.add(name + "=" + v + " is not an integer; expected " + min + ".." + max);
                return fallback == null ? 0 : fallback;
            }
        }

        /** A share 0..1, or null when unset. */
        Double fraction(String name, String example) {
            String v = optional(name, null);
            if (v == null) {
                return null;
            }
            try {
                double f = Double.parseDouble(v);
                if (f >= 0 && f <= 1) {
                    return f;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(name + "=" + v + " is not a share; expected 0..1, " + example);
            return null;
        }

        private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
        private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

        /** A short token safe in a header, a metric label and a log field. */
        String token(String name, String fallback) {
            String v = optional(name, fallback);
            if (!TOKEN.matcher(v).matches()) {
                problems.add(name + "=" + v + " is not a version token; expected 1..64 of A-Z a-z 0-9 . _ -, e.g. v2 "
                        + "or 1.4.0-rc1");
                return fallback;
            }
            return v;
        }

        /** A duration with a unit ({@code 500ms}, {@code 10s}, {@code 2m}), in milliseconds, 0..max. */
        long duration(String name, long fallbackMs, long maxMs) {
            String v = optional(name, null);
            if (v == null) {
                return fallbackMs;
            }
            Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                problems.add(name + "=" + v + " is not a duration; expected a number with a unit, e.g. 500ms, 10s or 2m"
                        + " (at most " + maxMs / 1000 + "s)");
                return fallbackMs;
            }
            long n = Long.parseLong(m.group(1));
            long ms = "ms".equals(m.group(2)) ? n : "s".equals(m.group(2)) ? n * 1000 : n * 60_000;
            if (ms > maxMs) {
                problems.add(name + "=" + v + " is out of range; expected at most " + maxMs / 1000 + "s");
                return fallbackMs;
            }
            return ms;
        }

        boolean bool(String name, boolean fallback) {
            String v = optional(name, null);
            if (v == null) {
                return fallback;
            }
            switch (v.toLowerCase(Locale.ROOT)) {
                case "true": case "1": case "yes": return true;
                case "false": case "0": case "no": return false;
                default:
                    problems.add(name + "=" + v + " is not a boolean; expected true or false");
                    return fallback;
            }
        }

        String oneOf(String name, String fallback, List<String> allowed) {
            String v = optional(name, fallback).toLowerCase(Locale.ROOT);
            if (!allowed.contains(v)) {
                problems.add(name + "=" + v + " is not one of " + allowed);
                return fallback;
            }
            return v;
        }

        String jdbc(String name) {
            String v = required(name);
            if (v != null && !v.startsWith("jdbc:postgresql:")) {
                problems.add(name + "=" + v + " is not a PostgreSQL JDBC URL; expected jdbc:postgresql://host:port/db");
            }
            return v;
        }

        URI uri(String name, String scheme) {
            String v = required(name);
            if (v == null) {
                return null;
            }
            try {
                URI u = URI.create(v);
                if (u.getHost() == null || u.getPort() < 0 && "redis".equals(scheme)) {
                    problems.add(name + "=" + v + " has no host:port; expected e.g. "
                            + (scheme == null ? "http://127.0.0.1:9324" : scheme + "://127.0.0.1:6379"));
                } else if (scheme != null && !scheme.equals(u.getScheme())) {
                    problems.add(name + "=" + v + " must use the " + scheme + ":// scheme");
                }
                return u;
            } catch (IllegalArgumentException e) {
                problems.add(name + "=" + v + " is not a URI: " + e.getMessage());
                return null;
            }
        }

        /** Static keys come as a pair; half of one is a mistake, not a reason to fall back to another source. */
        void pairedKeys() {
            boolean id = optional("AWS_ACCESS_KEY_ID", null) != null;
            boolean secret = optional("AWS_SECRET_ACCESS_KEY", null) != null;
            if (id != secret) {
                problems.add((id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID") + " is missing; static keys need both "
                        + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or set neither for the default credential chain)");
            } else if (!id && optional("AWS_SESSION_TOKEN", null) != null) {
                problems.add("AWS_SESSION_TOKEN is set without AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; "
                        + "give all three, or none for the default credential chain");
            }
        }

        void throwIfProblems() {
            if (!problems.isEmpty()) {
                throw new ConfigException("the env contract is broken:\n  - " + String.join("\n  - ", problems));
            }
        }
    }
}
