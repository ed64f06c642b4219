package dev.firedrill.harness.trace.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.harness.trace.Span;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * OTLP/HTTP JSON to {@link Span}s: the protobuf mapping with the OTLP exceptions (ids in hex, enums as numbers or
 * names, 64-bit integers as strings or numbers).
 */
public final class OtlpJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OtlpJson() {
    }

    public static int decode(byte[] body, Consumer<Span> out) throws IOException {
        JsonNode root = JSON.readTree(body);
        if (root == null || !root.isObject()) {
            throw new IOException("not a JSON object");
        }
        int n = 0;
        for (JsonNode rs : root.path("resourceSpans")) {
            Map<String, String> resource = attributes(rs.path("resource").path("attributes"));
            String service = resource.getOrDefault("service.name", "unknown_service");
            String instance = resource.get("service.instance.id");
            for (JsonNode ss : rs.path("scopeSpans")) {
                for (JsonNode s : ss.path("spans")) {
                    List<Span.Link> links = new ArrayList<>();
                    for (JsonNode l : s.path("links")) {
                        links.add(new Span.Link(id(l, "traceId"), id(l, "spanId")));
                    }
                    JsonNode status = s.path("status");
                    boolean error = enumValue(status.path("code"), "STATUS_CODE_") == 2;
                    String message = status.path("message").asText("");
                    String parent = s.path("parentSpanId").asText("");
                    out.accept(new Span(id(s, "traceId"), id(s, "spanId"), parent.isEmpty() ? null : parent.toLowerCase(Locale.ROOT),
                            s.path("name").asText(""), OtlpProto.kind(enumValue(s.path("kind"), "SPAN_KIND_")), service,
                            instance, s.path("startTimeUnixNano").asLong(), s.path("endTimeUnixNano").asLong(), error,
                            message.isEmpty() ? null : message, attributes(s.path("attributes")), links));
                    n++;
                }
            }
        }
        return n;
    }

    private static String id(JsonNode n, String field) throws IOException {
        String v = n.path(field).asText("");
        if (v.isEmpty()) {
            throw new IOException("span without " + field);
        }
        return v.toLowerCase(Locale.ROOT);
    }

    private static final List<String> KINDS = List.of("UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER");
    private static final List<String> CODES = List.of("UNSET", "OK", "ERROR");

    private static int enumValue(JsonNode v, String prefix) {
        if (v.isNumber()) {
            return v.asInt();
        }
        String name = v.asText("").replace(prefix, "");
        int i = (prefix.startsWith("SPAN") ? KINDS : CODES).indexOf(name);
        return Math.max(i, 0);
    }

    private static Map<String, String> attributes(JsonNode list) {
        Map<String, String> m = new HashMap<>();
        for (JsonNode kv : list) {
            m.put(kv.path("key").asText(), text(kv.path("value")));
        }
        return m;
    }

    private static String text(JsonNode v) {
        if (v.has("stringValue")) {
            return v.get("stringValue").asText();
        }
        if (v.has("intValue")) {
            return v.get("intValue").asText();
        }
        if (v.has("boolValue")) {
            return v.get("boolValue").asText();
        }
        if (v.has("doubleValue")) {
            return v.get("doubleValue").asText();
        }
        if (v.has("arrayValue")) {
            List<String> parts = new ArrayList<>();
            v.get("arrayValue").path("values").forEach(x -> parts.add(text(x)));
            return parts.toString();
        }
        return v.toString();
    }
}
