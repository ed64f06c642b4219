package dev.firedrill.harness.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.FiredrillException;
import dev.firedrill.harness.internal.YamlFields;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * firedrill's fault API beside the Toxiproxy one, used by {@code firedrill fault} and
 * {@code firedrill heal} against a running {@code up}:
 * <ul>
 *   <li>{@code GET /firedrill/faults}: active faults</li>
 *   <li>{@code POST /firedrill/faults} {@code {"kind","target","for","options":{}}}: inject (400 with
 *       {@code {"error"}} on bad input, nothing applied; kinds and options as in {@link FaultKinds}, with the same
 *       errors as the command line and scenario files)</li>
 *   <li>{@code POST /firedrill/heal}: heal everything and verify the topology is healthy</li>
 * </ul>
 */
public final class FaultApiHandler extends Handler.Abstract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FaultInjector faults;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "firedrill-fault-timer");
        t.setDaemon(true);
        return t;
    });

    public FaultApiHandler(FaultInjector faults) {
        this.faults = faults;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        try {
            if (path.equals("/firedrill/faults") && method.equals("GET")) {
                ArrayNode arr = JSON.createArrayNode();
                for (ActiveFault f : faults.active()) {
                    ObjectNode o = arr.addObject();
                    o.put("id", f.id());
                    o.put("kind", f.fault().kind());
                    o.put("target", String.join(",", f.targets()));
                }
                send(response, callback, 200, arr);
            } else if (path.equals("/firedrill/faults") && method.equals("POST")) {
                JsonNode body = JSON.readTree(Content.Source.asString(request, StandardCharsets.UTF_8));
                Map<String, String> options = options(body);
                FaultSpec spec = FaultSpec.of(text(body, "kind"), text(body, "target"), text(body, "for"), options);
                ActiveFault f = faults.inject(spec.toFault());
                if (spec.duration() != null) {
                    timers.schedule(f::heal, spec.duration().toMillis(), TimeUnit.MILLISECONDS);
                }
                ObjectNode o = JSON.createObjectNode();
                o.put("id", f.id());
                o.put("kind", f.fault().kind());
                o.putPOJO("targets", f.targets());
                if (spec.duration() != null) {
                    o.put("healsInMs", spec.duration().toMillis());
                }
                send(response, callback, 201, o);
            } else if (path.equals("/firedrill/heal") && method.equals("POST")) {
                int n = faults.active().size();
                faults.healAll();
                HealthReport h = faults.verifyHealthy(Duration.ofSeconds(60));
                ObjectNode o = JSON.createObjectNode();
                o.put("healed", n);
                o.put("healthy", h.healthy());
                o.putPOJO("checks", h.checks());
                o.putPOJO("problems", h.problems());
                send(response, callback, 200, o);
            } else {
                send(response, callback, 404, error("no such endpoint: " + method + " " + path));
            }
        } catch (FiredrillException e) {
            send(response, callback, 400, error(e.getMessage()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            send(response, callback, 400, error("malformed JSON: " + e.getOriginalMessage()));
        }
        return true;
    }

    /** The fields of an inject request. */
    private static final Set<String> FIELDS = Set.of("kind", "target", "for", "options");

    /** The request's options; unknown fields fail with the closest one, as in a scenario file. */
    private static Map<String, String> options(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new FaultException("the body must be a JSON object {\"kind\", \"target\", \"for\", \"options\": {}}");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                String hint = YamlFields.closest(f, FIELDS);
                throw new FaultException("unknown field '" + f + "'" + (hint != null ? "; did you mean '" + hint + "'?"
                        : "; fields: kind, target, for, options"));
            }
        }
        Map<String, String> options = new LinkedHashMap<>();
        JsonNode o = body.get("options");
        if (o != null && !o.isNull()) {
            if (!o.isObject()) {
                throw new FaultException("options must be an object of NAME: value, e.g. {\"latency\": \"300ms\"}");
            }
            o.fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
        }
        return options;
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static ObjectNode error(String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("error", message);
        return o;
    }

    private static void send(Response response, Callback callback, int status, JsonNode body) throws Exception {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(body)), callback);
    }

    /** Stops pending timed heals (they are also healed by healAll on shutdown). */
    public void close() {
        timers.shutdownNow();
    }
}
