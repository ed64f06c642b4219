package dev.firedrill.harness.net.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.FiredrillException;
import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.net.Link;
import dev.firedrill.harness.net.LinkRegistry;
import dev.firedrill.harness.net.ToxiproxyApi;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes Toxiproxy's HTTP API onto a {@link LinkRegistry}. */
public final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ToxiproxyApi.class);

    private final LinkRegistry links;
    private final ProxyRoutes proxies;
    private final ToxicRoutes toxics;
    private final FlowRoutes flows;

    public ApiHandler(LinkRegistry links) {
        this.links = links;
        this.proxies = new ProxyRoutes(links);
        this.toxics = new ToxicRoutes(links);
        this.flows = new FlowRoutes(links);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        List<String> path = segments(Request.getPathInContext(request));
        int status = 200;
        JsonNode out;
        try {
            String body = Content.Source.asString(request, StandardCharsets.UTF_8);
            Reply reply = path.equals(List.of("flows")) ? flows.get(method, request.getHttpURI().getQuery())
                    : route(method, path, body);
            status = reply.status();
            out = reply.body();
        } catch (ApiError e) {
            status = e.status;
            out = error(e.getMessage(), e.status);
        } catch (ProvisioningException e) {
            status = 500;
            out = error(e.getMessage(), 500);
        } catch (FiredrillException e) {
            status = 400;
            out = error(e.getMessage(), 400);
        } catch (Exception e) {
            LOG.warn("toxiproxy api: {} {} failed", method, path, e);
            status = 500;
            out = error(e.toString(), 500);
        }
        response.setStatus(status);
        if (out == null) {
            callback.succeeded();
            return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, out.toString(), callback);
        return true;
    }

    private Reply route(String method, List<String> p, String body) {
        if (p.equals(List.of("version")) && method.equals("GET")) {
            ObjectNode v = ApiJson.MAPPER.createObjectNode().put("version", ToxiproxyApi.TOXIPROXY_VERSION);
            return Reply.ok(v);
        }
        if (p.equals(List.of("reset"))) {
            requireMethod(method, "POST");
            for (Link link : links.links()) {
                link.setEnabled(true);
                link.resetToxics();
            }
            return new Reply(204, null);
        }
        if (p.equals(List.of("populate"))) {
            requireMethod(method, "POST");
            return proxies.populate(parse(body));
        }
        if (p.isEmpty() || !p.get(0).equals("proxies")) {
            throw new ApiError(404, "not found: no route for /" + String.join("/", p));
        }
        switch (p.size()) {
            case 1:
                if (method.equals("GET")) {
                    return Reply.ok(proxies.index());
                }
                requireMethod(method, "POST");
                return new Reply(201, proxies.create(parse(body)));
            case 2:
                return proxies.one(method, p.get(1), body.isBlank() ? null : parse(body));
            case 3:
                if (!p.get(2).equals("toxics")) {
                    break;
                }
                if (method.equals("GET")) {
                    return Reply.ok(toxics.index(p.get(1)));
                }
                requireMethod(method, "POST");
                return Reply.ok(toxics.create(p.get(1), parse(body)));
            case 4:
                if (!p.get(2).equals("toxics")) {
                    break;
                }
                return toxics.one(method, p.get(1), p.get(3), body.isBlank() ? null : parse(body));
            default:
                break;
        }
        throw new ApiError(404, "not found: no route for /" + String.join("/", p));
    }

    static void requireMethod(String method, String... allowed) {
        if (!Arrays.asList(allowed).contains(method)) {
            throw new ApiError(405, "method not allowed: " + method + "; use " + String.join(" or ", allowed));
        }
    }

    static JsonNode parse(String body) {
        try {
            JsonNode n = ApiJson.MAPPER.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw new ApiError(400, "bad request body: empty; send a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "bad request body: " + e.getOriginalMessage());
        }
    }

    private static ObjectNode error(String message, int status) {
        return ApiJson.MAPPER.createObjectNode().put("error", message).put("status", status);
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** A status and an optional JSON body. */
    record Reply(int status, JsonNode body) {
        static Reply ok(JsonNode body) {
            return new Reply(200, body);
        }
    }

    static ArrayNode array() {
        return ApiJson.MAPPER.createArrayNode();
    }
}
