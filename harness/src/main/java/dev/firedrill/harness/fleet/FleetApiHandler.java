package dev.firedrill.harness.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.FiredrillException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The fleet's part of the control API of a running {@code up}, used by {@code firedrill deploy}:
 * <ul>
 *   <li>{@code POST /firedrill/deploy} {@code {"strategy": "rolling", "version": "v2", ...}} (options as
 *       {@link DeployOptions}): checks everything, then starts the deployment and answers 202; 400 with
 *       {@code {"error"}} and nothing changed on bad input</li>
 *   <li>{@code GET /firedrill/fleet?since=N}: the fleet's events from the N-th on, the instances, and the last
 *       deployment's state ({@code running}, {@code released}, {@code rolled-back}, {@code failed})</li>
 * </ul>
 */
public final class FleetApiHandler extends Handler.Abstract implements FleetListener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FleetManager fleet;
    private final List<FleetEvent> events = new ArrayList<>();
    private volatile String state = "none";
    private volatile String reason = "";
    private volatile CompletableFuture<DeployResult> running;

    public FleetApiHandler(FleetManager fleet) {
        this.fleet = fleet;
        fleet.addListener(this);
    }

    @Override
    public void onEvent(FleetEvent event) {
        synchronized (events) {
            events.add(event);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        try {
            if (path.equals("/firedrill/deploy") && method.equals("POST")) {
                JsonNode body = JSON.readTree(Content.Source.asString(request, StandardCharsets.UTF_8));
                if (body == null || !body.isObject()) {
                    throw new DeployException("the body must be a JSON object of options, e.g. {\"strategy\": "
                            + "\"rolling\", \"version\": \"v2\"}");
                }
                Map<String, String> options = new LinkedHashMap<>();
                body.fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
                DeploySpec spec = DeployOptions.parse(options);
                fleet.check(spec);
                int from;
                synchronized (events) {
                    from = events.size();
                }
                state = "running";
                reason = "";
                running = CompletableFuture.supplyAsync(() -> fleet.deploy(spec)).whenComplete((r, e) -> {
                    if (e != null) {
                        state = "failed";
                        reason = (e.getCause() != null ? e.getCause() : e).getMessage();
                    } else {
                        state = r.released() ? "released" : "rolled-back";
                        reason = r.reason();
                    }
                });
                ObjectNode o = JSON.createObjectNode();
                o.put("started", spec.describe());
                o.put("since", from);
                send(response, callback, 202, o);
            } else if (path.equals("/firedrill/fleet") && method.equals("GET")) {
                String q = request.getHttpURI().getQuery();
                int since = 0;
                if (q != null && q.startsWith("since=")) {
                    since = Integer.parseInt(q.substring("since=".length()));
                }
                ObjectNode o = JSON.createObjectNode();
                ArrayNode arr = o.putArray("events");
                synchronized (events) {
                    for (int i = Math.max(0, since); i < events.size(); i++) {
                        FleetEvent e = events.get(i);
                        ObjectNode n = arr.addObject();
                        n.put("action", e.action().wire());
                        n.put("instance", e.instance());
                        n.put("release", e.release());
                        n.put("detail", e.detail());
                        n.put("inService", e.inService());
                        n.put("desired", e.desired());
                    }
                    o.put("next", events.size());
                }
                o.put("deployment", state);
                o.put("reason", reason);
                o.put("release", fleet.release());
                o.put("desired", fleet.desired());
                ArrayNode inst = o.putArray("instances");
                for (FleetInstance i : fleet.instances()) {
                    ObjectNode n = inst.addObject();
                    n.put("id", i.id());
                    n.put("az", i.az());
                    n.put("release", i.release());
                    n.put("targetGroup", i.targetGroup());
                }
                send(response, callback, 200, o);
            } else {
                return false;
            }
        } catch (FiredrillException e) {
            send(response, callback, 400, error(e.getMessage()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            send(response, callback, 400, error("malformed JSON: " + e.getOriginalMessage()));
        } catch (NumberFormatException e) {
            send(response, callback, 400, error("since must be a whole number"));
        }
        return true;
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
}
