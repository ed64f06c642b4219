package dev.firedrill.app.internal.trace;

import dev.firedrill.app.AppConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.instrumentation.api.incubator.semconv.db.DbClientAttributesExtractor;
import io.opentelemetry.instrumentation.api.incubator.semconv.db.DbClientSpanNameExtractor;
import io.opentelemetry.instrumentation.api.incubator.semconv.messaging.MessageOperation;
import io.opentelemetry.instrumentation.api.incubator.semconv.messaging.MessagingAttributesExtractor;
import io.opentelemetry.instrumentation.api.incubator.semconv.messaging.MessagingSpanNameExtractor;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.opentelemetry.instrumentation.api.instrumenter.SpanKindExtractor;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerAttributesExtractor;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRoute;
import io.opentelemetry.instrumentation.api.semconv.http.HttpSpanNameExtractor;
import io.opentelemetry.instrumentation.api.semconv.http.HttpSpanStatusExtractor;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.eclipse.jetty.server.Request;

/**
 * The app's OpenTelemetry: an SDK exporting OTLP/HTTP protobuf (the JDK's HttpClient) through a batch span processor,
 * configured from the standard variables ({@link AppConfig.Otel}), head sampler always on. With
 * {@code FIREDRILL_TRACE_KEEP_FRACTION} the app samples at the tail itself ({@link SourceSampling}): only traces
 * with an error, a slow server span, or in the trace-id share are exported; without it every span is, and a
 * collector such as firedrill's samples at the tail. Without {@code OTEL_EXPORTER_OTLP_ENDPOINT} it is {@link #off()}: nothing is
 * created or exported and every wrapper below calls straight through.
 *
 * <p>Spans: an HTTP server span per request continuing W3C {@code traceparent} or X-Ray {@code X-Amzn-Trace-Id};
 * JDBC client spans (opentelemetry-jdbc) tagged with {@value #POOL_ATTRIBUTE}; Redis client spans; an SQS producer
 * span whose context travels in the message attributes, and the worker's consumer span, a child of it and linked to it.
 */
public final class Tracing implements AutoCloseable {
    public static final String POOL_ATTRIBUTE = "db.client.connection.pool.name";
    private static final ContextKey<String> POOL = ContextKey.named("firedrill-db-pool");
    private static final String SCOPE = "dev.firedrill.app";
    private static final Tracing OFF = new Tracing(null);

    private final OpenTelemetrySdk sdk;
    private final Instrumenter<Request, Integer> http;
    private final Instrumenter<RedisCall, Void> redis;
    private final Instrumenter<SqsMessage, String> sqsSend;
    private final Instrumenter<SqsMessage, String> sqsProcess;
    private final JdbcTelemetry jdbc;

    private Tracing(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
        if (sdk == null) {
            http = null;
            redis = null;
            sqsSend = null;
            sqsProcess = null;
            jdbc = null;
            return;
        }
        http = Instrumenter.<Request, Integer>builder(sdk, SCOPE + ".http", HttpSpanNameExtractor.create(HttpServerGetter.INSTANCE))
                .setSpanStatusExtractor(HttpSpanStatusExtractor.create(HttpServerGetter.INSTANCE))
                .addAttributesExtractor(HttpServerAttributesExtractor.create(HttpServerGetter.INSTANCE))
                .addContextCustomizer(HttpServerRoute.create(HttpServerGetter.INSTANCE))
                .buildServerInstrumenter(HttpServerGetter.INSTANCE);
        redis = Instrumenter.<RedisCall, Void>builder(sdk, SCOPE + ".redis", DbClientSpanNameExtractor.create(RedisCall.Getter.INSTANCE))
                .addAttributesExtractor(DbClientAttributesExtractor.create(RedisCall.Getter.INSTANCE))
                .buildInstrumenter(SpanKindExtractor.alwaysClient());
        sqsSend = Instrumenter.<SqsMessage, String>builder(sdk, SCOPE + ".sqs",
                        MessagingSpanNameExtractor.create(SqsMessage.Getter.INSTANCE, MessageOperation.PUBLISH))
                .addAttributesExtractor(MessagingAttributesExtractor.create(SqsMessage.Getter.INSTANCE, MessageOperation.PUBLISH))
                .buildProducerInstrumenter(SqsMessage.Getter.INSTANCE);
        sqsProcess = Instrumenter.<SqsMessage, String>builder(sdk, SCOPE + ".sqs",
                        MessagingSpanNameExtractor.create(SqsMessage.Getter.INSTANCE, MessageOperation.PROCESS))
                .addAttributesExtractor(MessagingAttributesExtractor.create(SqsMessage.Getter.INSTANCE, MessageOperation.PROCESS))
                // the parent is the extracted producer context (same trace); the link says so explicitly too
                .addSpanLinksExtractor((links, parent, msg) -> {
                    SpanContext producer = Span.fromContext(parent).getSpanContext();
                    if (producer.isValid() && producer.isRemote()) {
                        links.addLink(producer);
                    }
                })
                .buildConsumerInstrumenter(SqsMessage.Getter.INSTANCE);
        jdbc = JdbcTelemetry.builder(sdk).build();
    }

    /** Tracing off: no SDK, wrappers call straight through. */
    public static Tracing off() {
        return OFF;
    }

    /** An SDK from the configuration, or {@link #off()} when no endpoint is set. */
    public static Tracing create(AppConfig.Otel otel, String instanceId) {
        return create(otel, instanceId, null);
    }

    /**
     * An SDK from the configuration, or {@link #off()} when no endpoint is set.
     *
     * @param version APP_VERSION, the resource's {@code service.version} (null: none)
     */
    public static Tracing create(AppConfig.Otel otel, String instanceId, String version) {
        if (otel == null || !otel.enabled()) {
            return OFF;
        }
        // the endpoint is checked here; the exporter (and its HttpClient) is built off the start-up path
        OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
                .setEndpoint(otel.tracesEndpoint())
                .setTimeout(Duration.ofSeconds(5));
        SpanExporter exporter = new DeferredSpanExporter(builder::build);
        SpanProcessor export = BatchSpanProcessor.builder(exporter)
                .setScheduleDelay(Duration.ofMillis(otel.scheduleDelayMs()))
                .setMaxQueueSize(8192)
                .setMaxExportBatchSize(512)
                .build();
        if (otel.keepFraction() != null) {
            export = new SourceSampling(export, new TraceIdRatio(otel.keepFraction()),
                    TimeUnit.MILLISECONDS.toNanos(otel.slowMs()), 8192);
        }
        SdkTracerProvider tracer = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(resource(otel, instanceId, version))))
                .setSampler(Sampler.alwaysOn())
                .addSpanProcessor(new PoolTagger())
                .addSpanProcessor(export)
                .build();
        return new Tracing(OpenTelemetrySdk.builder().setTracerProvider(tracer)
                // W3C last: when both headers came, traceparent wins
                .setPropagators(ContextPropagators.create(TextMapPropagator.composite(XrayPropagator.INSTANCE,
                        W3CTraceContextPropagator.getInstance())))
                .build());
    }

    /**
     * OTEL_RESOURCE_ATTRIBUTES, then {@code service.name} (OTEL_SERVICE_NAME) and {@code service.version}
     * (APP_VERSION), which win over the list as the dedicated variable does in the SDKs' autoconfigure, and
     * {@code service.instance.id} (INSTANCE_ID) unless the list gives one.
     */
    static Attributes resource(AppConfig.Otel otel, String instanceId, String version) {
        Map<String, String> given = parseResourceAttributes(otel.resourceAttributes());
        AttributesBuilder resource = Attributes.builder();
        given.forEach(resource::put);
        resource.put("service.name", otel.serviceName());
        if (version != null) {
            resource.put("service.version", version);
        }
        if (!given.containsKey("service.instance.id")) {
            resource.put("service.instance.id", instanceId);
        }
        return resource.build();
    }

    /** {@code k=v,k2=v2}, values percent-encoded (the SDK's spec for OTEL_RESOURCE_ATTRIBUTES). */
    static Map<String, String> parseResourceAttributes(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isBlank()) {
            return m;
        }
        for (String pair : raw.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(pair.substring(0, eq).trim(),
                        URLDecoder.decode(pair.substring(eq + 1).trim().replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    public boolean enabled() {
        return sdk != null;
    }

    public OpenTelemetry openTelemetry() {
        return sdk == null ? OpenTelemetry.noop() : sdk;
    }

    /** The HTTP server instrumenter, or null when off. */
    public Instrumenter<Request, Integer> http() {
        return http;
    }

    /** The data source with JDBC client spans (unchanged when off). */
    public DataSource wrap(DataSource ds) {
        return jdbc == null ? ds : jdbc.wrap(ds);
    }

    /** Marks the JDBC spans started in this scope as the given pool's ({@code db-writer} or {@code db-reader}). */
    public Scope pool(String poolName) {
        return sdk == null ? Scope.noop() : Context.current().with(POOL, poolName).makeCurrent();
    }

    /** Runs one Redis command inside a client span. */
    public <T> T redis(RedisCall call, Supplier<T> command) {
        if (redis == null) {
            return command.get();
        }
        Context parent = Context.current();
        if (!redis.shouldStart(parent, call)) {
            return command.get();
        }
        Context ctx = redis.start(parent, call);
        T result;
        try (Scope ignored = ctx.makeCurrent()) {
            result = command.get();
        } catch (RuntimeException | Error e) {
            redis.end(ctx, call, null, e);
            throw e;
        }
        redis.end(ctx, call, null, null);
        return result;
    }

    /**
     * Sends a message inside a producer span: {@code send} gets the message attributes carrying the trace context
     * (empty when off) and returns the message id.
     */
    public String send(String queue, int bodySize, Function<Map<String, String>, String> send) {
        SqsMessage msg = new SqsMessage(queue, bodySize, new HashMap<>(4), null);
        if (sqsSend == null || !sqsSend.shouldStart(Context.current(), msg)) {
            return send.apply(msg.attributes());
        }
        Context ctx = sqsSend.start(Context.current(), msg);
        String id;
        try (Scope ignored = ctx.makeCurrent()) {
            id = send.apply(msg.attributes());
        } catch (RuntimeException | Error e) {
            sqsSend.end(ctx, msg, null, e);
            throw e;
        }
        sqsSend.end(ctx, msg, id, null);
        return id;
    }

    /** The worker's span for one received message: ends with {@link Job#end}. */
    public Job process(String queue, String messageId, int bodySize, Map<String, String> attributes) {
        SqsMessage msg = new SqsMessage(queue, bodySize, attributes, messageId);
        if (sqsProcess == null || !sqsProcess.shouldStart(Context.root(), msg)) {
            return new Job(null, msg, Scope.noop());
        }
        // the root, not the worker thread's context: each message continues its own producer's trace
        Context ctx = sqsProcess.start(Context.root(), msg);
        return new Job(ctx, msg, ctx.makeCurrent());
    }

    /** A message being processed; {@link #end} on the thread that started it. */
    public final class Job {
        private final Context ctx;
        private final SqsMessage msg;
        private final Scope scope;

        private Job(Context ctx, SqsMessage msg, Scope scope) {
            this.ctx = ctx;
            this.msg = msg;
            this.scope = scope;
        }

        /**
         * @param outcome what processing came to, as an attribute
         * @param failed  the job failed (span status ERROR)
         * @param error   what was thrown, or null
         */
        public void end(String outcome, boolean failed, Throwable error) {
            scope.close();
            if (ctx == null) {
                return;
            }
            Span span = Span.fromContext(ctx);
            span.setAttribute("app.job.outcome", outcome);
            if (failed && error == null) {
                span.setStatus(StatusCode.ERROR, "job " + outcome);
            }
            sqsProcess.end(ctx, msg, null, error);
        }
    }

    /** Adds the pool's name to JDBC spans started inside {@link #pool}. */
    private static final class PoolTagger implements SpanProcessor {
        @Override
        public void onStart(Context parent, io.opentelemetry.sdk.trace.ReadWriteSpan span) {
            String pool = parent.get(POOL);
            if (pool != null) {
                span.setAttribute(POOL_ATTRIBUTE, pool);
            }
        }

        @Override
        public boolean isStartRequired() {
            return true;
        }

        @Override
        public void onEnd(io.opentelemetry.sdk.trace.ReadableSpan span) {
        }

        @Override
        public boolean isEndRequired() {
            return false;
        }
    }

    /** Exports what is left (at most 5 s) and stops the SDK. */
    @Override
    public void close() {
        if (sdk != null) {
            sdk.shutdown().join(5, TimeUnit.SECONDS);
        }
    }
}
