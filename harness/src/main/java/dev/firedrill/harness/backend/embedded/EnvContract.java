package dev.firedrill.harness.backend.embedded;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment every app instance gets: the whole contract between firedrill and a user's app,
 * in any language. Documented in the README ("The env contract"). An app starts with a clean
 * environment: only {@link #INHERITED} comes from the harness, then the fleet's own {@code env}, then
 * the contract.
 *
 * <p>The release an instance plays in a deployment drill is not part of the contract but of the fleet's own
 * {@code env}: the reference app reads {@code APP_VERSION} (default {@code v1}; echoed as {@code X-App-Version}) and,
 * for a deliberately bad release, {@code APP_FAULT} ({@code unhealthy}, {@code errors} with
 * {@code APP_FAULT_ERROR_RATE}, {@code slow-start} with {@code APP_START_DELAY}); see the README's env contract.
 */
public final class EnvContract {
    public static final String PORT = "PORT";
    public static final String INSTANCE_ID = "INSTANCE_ID";
    public static final String AZ = "AZ";
    public static final String DB_WRITER_URL = "DB_WRITER_URL";
    public static final String DB_READER_URL = "DB_READER_URL";
    public static final String DB_USER = "DB_USER";
    public static final String DB_PASSWORD = "DB_PASSWORD";
    /** {@code postgres://user:password@127.0.0.1:port/db} of the writer, as libpq, node-postgres, psycopg, pgx, pg (Ruby) read it. */
    public static final String DATABASE_URL = "DATABASE_URL";
    /** The same for the reader endpoint. */
    public static final String DATABASE_READER_URL = "DATABASE_READER_URL";
    public static final String REDIS_URL = "REDIS_URL";
    public static final String SQS_ENDPOINT = "SQS_ENDPOINT";
    public static final String JOBS_QUEUE_URL = "JOBS_QUEUE_URL";
    public static final String AWS_REGION = "AWS_REGION";
    /** OTLP/HTTP endpoint of the harness's trace collector ({@code http://127.0.0.1:<port>}); unset when tracing is off. */
    public static final String OTEL_EXPORTER_OTLP_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    /** The fleet's name, unless the fleet's own env sets it. */
    public static final String OTEL_SERVICE_NAME = "OTEL_SERVICE_NAME";
    /** {@code service.instance.id=<instance>,cloud.availability_zone=<az>}, after any the fleet's env gives. */
    public static final String OTEL_RESOURCE_ATTRIBUTES = "OTEL_RESOURCE_ATTRIBUTES";
    /**
     * The collector's {@code keepFraction}, for an app that samples at the source (the reference app does; an app
     * that ignores it exports everything and the collector samples).
     */
    public static final String FIREDRILL_TRACE_KEEP_FRACTION = "FIREDRILL_TRACE_KEEP_FRACTION";
    /** The collector's {@code slow}, in milliseconds: a server span this long keeps its trace. */
    public static final String FIREDRILL_TRACE_SLOW_MS = "FIREDRILL_TRACE_SLOW_MS";
    /** What an app inherits from the harness's environment; nothing else leaks in. */
    public static final Set<String> INHERITED = Set.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR");

    private EnvContract() {
    }

    /** Builds the env for one instance; {@code extra} (the fleet's own env) wins over nothing, the contract wins over extra. */
    public static Map<String, String> of(int port, String instanceId, String az, String writerUrl, String readerUrl,
            String user, String password, String redisUrl, String sqsEndpoint, Map<String, String> queueUrls,
            String region, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>(extra);
        env.put(PORT, Integer.toString(port));
        env.put(INSTANCE_ID, instanceId);
        env.put(AZ, az);
        if (writerUrl != null) {
            env.put(DB_WRITER_URL, writerUrl);
            env.put(DB_READER_URL, readerUrl);
            env.put(DB_USER, user);
            env.put(DB_PASSWORD, password);
            URI writer = URI.create(writerUrl.substring("jdbc:".length()));
            env.put(DATABASE_URL, postgresUrl(writer, user, password));
            env.put(DATABASE_READER_URL, postgresUrl(URI.create(readerUrl.substring("jdbc:".length())), user, password));
            // libpq's variables (psql, psycopg, pgx, node-postgres, Ruby pg): the writer
            env.put("PGHOST", writer.getHost());
            env.put("PGPORT", Integer.toString(writer.getPort()));
            env.put("PGUSER", user);
            env.put("PGPASSWORD", password);
            env.put("PGDATABASE", writer.getPath().substring(1));
        }
        if (redisUrl != null) {
            env.put(REDIS_URL, redisUrl);
        }
        if (sqsEndpoint != null) {
            env.put(SQS_ENDPOINT, sqsEndpoint);
            env.put("AWS_ACCESS_KEY_ID", "firedrill");
            env.put("AWS_SECRET_ACCESS_KEY", "firedrill");
            queueUrls.forEach((name, url) -> env.put(name.toUpperCase().replace('-', '_') + "_QUEUE_URL", url));
        }
        env.put(AWS_REGION, region);
        return env;
    }

    /**
     * Adds the OpenTelemetry SDKs' standard variables so the instance exports its spans to {@code otlpEndpoint}
     * (OTLP/HTTP protobuf, the SDKs' default protocol for that variable in most languages), and the collector's
     * sampling as {@link #FIREDRILL_TRACE_KEEP_FRACTION} and {@link #FIREDRILL_TRACE_SLOW_MS} (the fleet's env wins).
     */
    public static Map<String, String> withTracing(Map<String, String> env, String otlpEndpoint, String serviceName,
            dev.firedrill.harness.trace.TailSampling sampling) {
        Map<String, String> out = new LinkedHashMap<>(env);
        out.putIfAbsent(FIREDRILL_TRACE_KEEP_FRACTION, Double.toString(sampling.keepFraction()));
        out.putIfAbsent(FIREDRILL_TRACE_SLOW_MS, Long.toString(sampling.slow().toMillis()));
        out.put(OTEL_EXPORTER_OTLP_ENDPOINT, otlpEndpoint);
        out.putIfAbsent("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        out.putIfAbsent(OTEL_SERVICE_NAME, serviceName);
        // export within half a second (the SDKs wait 5 s by default): a trace's spans reach the tail sampler together
        out.putIfAbsent("OTEL_BSP_SCHEDULE_DELAY", "500");
        String own = "service.instance.id=" + env.get(INSTANCE_ID) + ",cloud.availability_zone=" + env.get(AZ);
        String given = env.get(OTEL_RESOURCE_ATTRIBUTES);
        out.put(OTEL_RESOURCE_ATTRIBUTES, given == null || given.isBlank() ? own : given + "," + own);
        return out;
    }

    private static String postgresUrl(URI jdbc, String user, String password) {
        return "postgres://" + enc(user) + ":" + enc(password) + "@" + jdbc.getHost() + ":" + jdbc.getPort()
                + jdbc.getPath();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
