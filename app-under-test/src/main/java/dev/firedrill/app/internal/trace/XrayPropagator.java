package dev.firedrill.app.internal.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;
import java.util.Locale;

/**
 * AWS X-Ray's {@code X-Amzn-Trace-Id: Root=1-<8 hex>-<24 hex>;Parent=<16 hex>;Sampled=0|1}: the 32-hex trace id is
 * the Root's two parts joined. Written here because {@code opentelemetry-aws-xray-propagator} does not resolve from
 * the registry this project builds from; a header without Parent (what a real ALB sends) gives no parent.
 */
final class XrayPropagator implements TextMapPropagator {
    static final XrayPropagator INSTANCE = new XrayPropagator();
    static final String HEADER = "X-Amzn-Trace-Id";

    private XrayPropagator() {
    }

    @Override
    public List<String> fields() {
        return List.of(HEADER);
    }

    @Override
    public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
        SpanContext sc = Span.fromContext(context).getSpanContext();
        if (!sc.isValid() || setter == null) {
            return;
        }
        String t = sc.getTraceId();
        setter.set(carrier, HEADER, "Root=1-" + t.substring(0, 8) + "-" + t.substring(8) + ";Parent=" + sc.getSpanId()
                + ";Sampled=" + (sc.isSampled() ? "1" : "0"));
    }

    @Override
    public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
        String h = carrier == null ? null : getter.get(carrier, HEADER);
        if (h == null) {
            return context;
        }
        String root = null;
        String parent = null;
        boolean sampled = true;
        for (String part : h.split(";")) {
            String p = part.trim();
            if (p.startsWith("Root=1-") && p.length() == 7 + 8 + 1 + 24 && p.charAt(15) == '-') {
                root = (p.substring(7, 15) + p.substring(16)).toLowerCase(Locale.ROOT);
            } else if (p.startsWith("Parent=") && p.length() == 7 + 16) {
                parent = p.substring(7).toLowerCase(Locale.ROOT);
            } else if (p.startsWith("Sampled=")) {
                sampled = !"0".equals(p.substring(8));
            }
        }
        if (root == null || parent == null) {
            return context;
        }
        SpanContext sc = SpanContext.createFromRemoteParent(root, parent,
                sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
        return sc.isValid() ? context.with(Span.wrap(sc)) : context;
    }
}
