package dev.firedrill.harness.history.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.firedrill.harness.history.Event;
import dev.firedrill.harness.history.EventType;
import dev.firedrill.harness.fault.FaultPhase;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;

/** One event ⇄ one JSON object on one line. Null fields are omitted. */
public final class JsonLines {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonLines() {
    }

    /** Writes the event as JSON followed by a newline. */
    public static void write(Event e, Writer out) throws IOException {
        StringWriter line = new StringWriter(160);
        try (JsonGenerator g = FACTORY.createGenerator(line)) {
            g.writeStartObject();
            g.writeNumberField("index", e.index());
            g.writeStringField("type", e.type().wire());
            g.writeStringField("process", e.process());
            g.writeStringField("f", e.f());
            str(g, "key", e.key());
            str(g, "value", e.value());
            if (e.version() != null) {
                g.writeNumberField("version", e.version());
            }
            g.writeNumberField("nanos", e.nanos());
            str(g, "instance", e.instance());
            str(g, "pool", e.pool());
            if (e.status() != null) {
                g.writeNumberField("status", e.status());
            }
            str(g, "error", e.error());
            str(g, "phase", e.phase() == null ? null : e.phase().wire());
            str(g, "target", e.target());
            str(g, "fault", e.faultId());
            str(g, "trace", e.trace());
            g.writeEndObject();
        }
        line.write('\n');
        out.write(line.toString());
    }

    private static void str(JsonGenerator g, String name, String v) throws IOException {
        if (v != null) {
            g.writeStringField(name, v);
        }
    }

    /** Parses one line; throws IOException on malformed JSON or missing required fields. */
    public static Event parse(String line) throws IOException {
        long index = -1;
        long nanos = -1;
        EventType type = null;
        String process = null, f = null, key = null, value = null, instance = null, pool = null, error = null;
        String target = null, fault = null, trace = null;
        Long version = null;
        Integer status = null;
        FaultPhase phase = null;
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                try {
                    switch (name) {
                        case "index" -> index = p.getLongValue();
                        case "nanos" -> nanos = p.getLongValue();
                        case "type" -> type = EventType.fromWire(p.getText());
                        case "process" -> process = p.getText();
                        case "f" -> f = p.getText();
                        case "key" -> key = p.getText();
                        case "value" -> value = p.getText();
                        case "version" -> version = p.getLongValue();
                        case "instance" -> instance = p.getText();
                        case "pool" -> pool = p.getText();
                        case "status" -> status = p.getIntValue();
                        case "error" -> error = p.getText();
                        case "phase" -> phase = FaultPhase.fromWire(p.getText());
                        case "target" -> target = p.getText();
                        case "fault" -> fault = p.getText();
                        case "trace" -> trace = p.getText();
                        default -> p.skipChildren();
                    }
                } catch (IllegalArgumentException ex) {
                    throw new IOException(ex.getMessage(), ex);
                }
            }
        }
        if (index < 0 || nanos < 0 || type == null || process == null || f == null) {
            throw new IOException("missing one of the required fields index, nanos, type, process, f");
        }
        try {
            return new Event(index, type, process, f, key, value, version, nanos, instance, pool, status, error,
                    phase, target, fault, trace);
        } catch (IllegalArgumentException ex) {
            throw new IOException(ex.getMessage(), ex);
        }
    }
}
