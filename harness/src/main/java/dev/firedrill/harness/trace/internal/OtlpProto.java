package dev.firedrill.harness.trace.internal;

import dev.firedrill.harness.trace.Span;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** OTLP/HTTP protobuf ({@code ExportTraceServiceRequest}) to {@link Span}s. */
public final class OtlpProto {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private OtlpProto() {
    }

    /** Decodes one request body and hands each span to {@code out}; returns how many. */
    public static int decode(byte[] body, Consumer<Span> out) throws InvalidProtocolBufferException {
        ExportTraceServiceRequest req = ExportTraceServiceRequest.parseFrom(body);
        int n = 0;
        for (ResourceSpans rs : req.getResourceSpansList()) {
            Map<String, String> resource = attributes(rs.getResource().getAttributesList());
            String service = resource.getOrDefault("service.name", "unknown_service");
            String instance = resource.get("service.instance.id");
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (io.opentelemetry.proto.trace.v1.Span s : ss.getSpansList()) {
                    List<Span.Link> links = new ArrayList<>(s.getLinksCount());
                    for (io.opentelemetry.proto.trace.v1.Span.Link l : s.getLinksList()) {
                        links.add(new Span.Link(hex(l.getTraceId()), hex(l.getSpanId())));
                    }
                    boolean error = s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
                    String message = s.getStatus().getMessage();
                    out.accept(new Span(hex(s.getTraceId()), hex(s.getSpanId()),
                            s.getParentSpanId().isEmpty() ? null : hex(s.getParentSpanId()), s.getName(),
                            kind(s.getKindValue()), service, instance, s.getStartTimeUnixNano(), s.getEndTimeUnixNano(),
                            error, message.isEmpty() ? null : message, attributes(s.getAttributesList()), links));
                    n++;
                }
            }
        }
        return n;
    }

    /** OTLP's SpanKind numbers (1 internal .. 5 consumer); unspecified reads as internal. */
    static Span.Kind kind(int value) {
        switch (value) {
            case 2: return Span.Kind.SERVER;
            case 3: return Span.Kind.CLIENT;
            case 4: return Span.Kind.PRODUCER;
            case 5: return Span.Kind.CONSUMER;
            default: return Span.Kind.INTERNAL;
        }
    }

    private static Map<String, String> attributes(List<KeyValue> kvs) {
        Map<String, String> m = new HashMap<>(kvs.size() * 2);
        for (KeyValue kv : kvs) {
            m.put(kv.getKey(), text(kv.getValue()));
        }
        return m;
    }

    private static String text(AnyValue v) {
        switch (v.getValueCase()) {
            case STRING_VALUE: return v.getStringValue();
            case BOOL_VALUE: return Boolean.toString(v.getBoolValue());
            case INT_VALUE: return Long.toString(v.getIntValue());
            case DOUBLE_VALUE: return Double.toString(v.getDoubleValue());
            case BYTES_VALUE: return hex(v.getBytesValue());
            case ARRAY_VALUE: {
                List<String> parts = new ArrayList<>();
                v.getArrayValue().getValuesList().forEach(x -> parts.add(text(x)));
                return parts.toString();
            }
            case KVLIST_VALUE: return attributes(v.getKvlistValue().getValuesList()).toString();
            default: return "";
        }
    }

    static String hex(ByteString b) {
        char[] c = new char[b.size() * 2];
        for (int i = 0; i < b.size(); i++) {
            int x = b.byteAt(i) & 0xff;
            c[2 * i] = HEX[x >>> 4];
            c[2 * i + 1] = HEX[x & 0xf];
        }
        return new String(c);
    }
}
