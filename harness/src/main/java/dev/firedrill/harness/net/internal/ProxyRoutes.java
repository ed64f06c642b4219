package dev.firedrill.harness.net.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.net.Link;
import dev.firedrill.harness.net.LinkRegistry;
import dev.firedrill.harness.net.internal.ApiHandler.Reply;
import java.net.InetSocketAddress;
import java.util.List;

/** {@code /proxies}, {@code /proxies/{name}} and {@code /populate}. */
final class ProxyRoutes {
    private final LinkRegistry links;

    ProxyRoutes(LinkRegistry links) {
        this.links = links;
    }

    ObjectNode index() {
        ObjectNode all = ApiJson.MAPPER.createObjectNode();
        for (Link link : links.links()) {
            all.set(link.name(), ApiJson.proxy(link));
        }
        return all;
    }

    ObjectNode create(JsonNode body) {
        requireObject(body);
        String name = ApiJson.text(body, "name");
        String upstream = ApiJson.text(body, "upstream");
        if (name == null || name.isEmpty()) {
            throw new ApiError(400, "missing required field: name");
        }
        if (upstream == null || upstream.isEmpty()) {
            throw new ApiError(400, "missing required field: upstream");
        }
        if (links.find(name).isPresent()) {
            throw new ApiError(409, "proxy already exists: '" + name + "'");
        }
        String listen = ApiJson.text(body, "listen");
        int port = listen == null || listen.isEmpty() ? 0 : ApiJson.address("listen", listen).getPort();
        List<InetSocketAddress> ups = ApiJson.addresses("upstream", upstream);
        boolean enabled = !body.has("enabled") || body.get("enabled").asBoolean(true);
        Link link = links.open(name, ups, port);
        if (!enabled) {
            link.setEnabled(false);
        }
        return ApiJson.proxy(link);
    }

    Reply one(String method, String name, JsonNode body) {
        Link link = links.find(name).orElseThrow(() -> ApiError.notFound("proxy", name));
        switch (method) {
            case "GET":
                return Reply.ok(ApiJson.proxy(link));
            case "DELETE":
                links.remove(name);
                return new Reply(204, null);
            case "POST":
            case "PATCH":
                update(link, body == null ? ApiJson.MAPPER.createObjectNode() : body);
                return Reply.ok(ApiJson.proxy(link));
            default:
                ApiHandler.requireMethod(method, "GET", "POST", "PATCH", "DELETE");
                throw new IllegalStateException();
        }
    }

    private static void update(Link link, JsonNode body) {
        requireObject(body);
        String listen = ApiJson.text(body, "listen");
        String upstream = ApiJson.text(body, "upstream");
        JsonNode enabled = body.get("enabled");
        if (enabled != null && !enabled.isBoolean()) {
            throw new ApiError(400, "bad request body: enabled must be true or false");
        }
        if (upstream != null && !upstream.isEmpty()) {
            link.setUpstreams(ApiJson.addresses("upstream", upstream));
        }
        if (listen != null && !listen.isEmpty()) {
            int port = ApiJson.address("listen", listen).getPort();
            if (port != link.listenAddress().getPort()) {
                link.setListenPort(port);
            }
        }
        if (enabled != null) {
            link.setEnabled(enabled.asBoolean());
        }
    }

    Reply populate(JsonNode body) {
        JsonNode list = body.isObject() && body.has("proxies") ? body.get("proxies") : body;
        if (!list.isArray()) {
            throw new ApiError(400, "bad request body: send a JSON array of proxies");
        }
        ArrayNode created = ApiHandler.array();
        for (JsonNode p : list) {
            requireObject(p);
            String name = ApiJson.text(p, "name");
            if (name != null) {
                links.find(name).ifPresent(existing -> links.remove(name));
            }
            created.add(create(p));
        }
        ObjectNode out = ApiJson.MAPPER.createObjectNode();
        out.set("proxies", created);
        return new Reply(201, out);
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ApiError(400, "bad request body: expected a JSON object");
        }
    }
}
