package dev.firedrill.app.internal.log;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A logger that prints {@code {"ts","level","logger","msg","instance","version","requestId",...}} lines on stdout.
 * The app's own loggers log at {@link #configure the configured level}; libraries log at WARN unless the
 * level is debug or trace, so the stream stays readable.
 */
public final class JsonLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Logger> LOGGERS = new ConcurrentHashMap<>();
    private static volatile Level appLevel = parse(System.getenv("LOG_LEVEL"));
    private static volatile String defaultInstance = System.getenv("INSTANCE_ID");
    private static volatile String version = System.getenv("APP_VERSION");

    private JsonLogger(String name) {
        this.name = name;
    }

    static Logger forName(String name) {
        return LOGGERS.computeIfAbsent(name, JsonLogger::new);
    }

    /**
     * Sets the app's level and the instance id written on lines logged outside a request or worker thread.
     *
     * @param level      trace, debug, info, warn or error
     * @param instanceId the default "instance" field
     */
    public static void configure(String level, String instanceId) {
        appLevel = parse(level);
        defaultInstance = instanceId;
    }

    /**
     * As {@link #configure(String, String)}, and the release written as "version" on every line.
     *
     * @param version APP_VERSION
     */
    public static void configure(String level, String instanceId, String version) {
        configure(level, instanceId);
        JsonLogger.version = version;
    }

    private static Level parse(String level) {
        if (level == null || level.isBlank()) {
            return Level.INFO;
        }
        try {
            return Level.valueOf(level.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Level.INFO;
        }
    }

    private boolean enabled(Level level) {
        Level threshold = appLevel;
        if (!name.startsWith("dev.firedrill") && threshold.toInt() > Level.DEBUG.toInt()) {
            threshold = Level.WARN;
        }
        return level.toInt() >= threshold.toInt();
    }

    @Override public boolean isTraceEnabled() { return enabled(Level.TRACE); }
    @Override public boolean isDebugEnabled() { return enabled(Level.DEBUG); }
    @Override public boolean isInfoEnabled() { return enabled(Level.INFO); }
    @Override public boolean isWarnEnabled() { return enabled(Level.WARN); }
    @Override public boolean isErrorEnabled() { return enabled(Level.ERROR); }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                               Throwable error) {
        String msg = MessageFormatter.basicArrayFormat(pattern, args);
        StringBuilder b = new StringBuilder(160);
        b.append("{\"ts\":\"").append(Instant.now()).append("\",\"level\":\"").append(level).append('"');
        field(b, "logger", name);
        field(b, "msg", msg);
        Map<String, String> context = MDC.getCopyOfContextMap();
        if (context == null || !context.containsKey("instance")) {
            field(b, "instance", defaultInstance);
        }
        field(b, "version", version);
        if (context != null) {
            context.forEach((k, v) -> field(b, k, v));
        }
        // the current span's ids, so a log line joins its trace (none when tracing is off or outside a span)
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            field(b, "traceId", span.getTraceId());
            field(b, "spanId", span.getSpanId());
        }
        if (error != null) {
            field(b, "error", error.toString());
            if (level.toInt() >= Level.ERROR.toInt() || isDebugEnabled()) {
                StringWriter trace = new StringWriter();
                error.printStackTrace(new PrintWriter(trace));
                field(b, "stack", trace.toString());
            }
        }
        b.append('}');
        synchronized (System.out) {
            System.out.println(b);
        }
    }

    private static void field(StringBuilder b, String key, String value) {
        if (value == null) {
            return;
        }
        b.append(",\"");
        escape(b, key);
        b.append("\":\"");
        escape(b, value);
        b.append('"');
    }

    /** JSON string escaping (RFC 8259 section 7). */
    static void escape(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
    }
}
