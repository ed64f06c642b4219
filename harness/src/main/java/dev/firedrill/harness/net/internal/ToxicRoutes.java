package dev.firedrill.harness.net.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.net.Link;
import dev.firedrill.harness.net.LinkRegistry;
import dev.firedrill.harness.net.Toxic;
import dev.firedrill.harness.net.ToxicStream;
import dev.firedrill.harness.net.internal.ApiHandler.Reply;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /proxies/{name}/toxics} and {@code /proxies/{name}/toxics/{toxic}}. */
final class ToxicRoutes {
    private final LinkRegistry links;

    ToxicRoutes(LinkRegistry links) {
        this.links = links;
    }

    private Link link(String name) {
        return links.find(name).orElseThrow(() -> ApiError.notFound("proxy", name));
    }

    ArrayNode index(String proxy) {
        return ApiJson.toxics(link(proxy).toxics());
    }

    ObjectNode create(String proxy, JsonNode body) {
        Link link = link(proxy);
        if (!body.isObject()) {
            throw new ApiError(400, "bad request body: expected a JSON object");
        }
        String type = ApiJson.text(body, "type");
        if (type == null || !ToxicFactory.TYPES.contains(type)) {
            throw new ApiError(400, "invalid toxic type: '" + type + "'; use one of " + ToxicFactory.TYPES);
        }
        String streamText = ApiJson.text(body, "stream");
        ToxicStream stream;
        try {
            stream = streamText == null || streamText.isEmpty() ? ToxicStream.DOWNSTREAM : ToxicStream.parse(streamText);
        } catch (dev.firedrill.harness.FaultException e) {
            throw new ApiError(400, "stream was invalid, can be either upstream or downstream: '" + streamText + "'");
        }
        double toxicity = toxicity(body, 1.0);
        Toxic toxic = Toxic.of(ApiJson.text(body, "name"), type, stream, toxicity, attributes(body.get("attributes")));
        if (link.toxic(toxic.name()).isPresent()) {
            throw new ApiError(409, "toxic already exists: '" + toxic.name() + "'");
        }
        return ApiJson.toxic(link.addToxic(toxic));
    }

    Reply one(String method, String proxy, String name, JsonNode body) {
        Link link = link(proxy);
        Toxic current = link.toxic(name).orElseThrow(() -> ApiError.notFound("toxic", name));
        switch (method) {
            case "GET":
                return Reply.ok(ApiJson.toxic(current));
            case "DELETE":
                link.removeToxic(name);
                return new Reply(204, null);
            case "POST":
            case "PATCH":
                if (body == null || !body.isObject()) {
                    throw new ApiError(400, "bad request body: expected a JSON object");
                }
                Map<String, Object> attrs = new LinkedHashMap<>(current.attributes());
                attrs.putAll(attributes(body.get("attributes")));
                Toxic next = Toxic.of(name, current.type(), current.stream(), toxicity(body, current.toxicity()), attrs);
                return Reply.ok(ApiJson.toxic(link.updateToxic(next)));
            default:
                ApiHandler.requireMethod(method, "GET", "POST", "PATCH", "DELETE");
                throw new IllegalStateException();
        }
    }

    private static double toxicity(JsonNode body, double fallback) {
        JsonNode t = body.get("toxicity");
        if (t == null || t.isNull()) {
            return fallback;
        }
        if (!t.isNumber()) {
            throw new ApiError(400, "bad request body: toxicity must be a number in [0, 1]");
        }
        return t.asDouble();
    }

    private static Map<String, Object> attributes(JsonNode attrs) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (attrs == null || attrs.isNull()) {
            return out;
        }
        if (!attrs.isObject()) {
            throw new ApiError(400, "bad request body: attributes must be a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            out.put(e.getKey(), v.isNumber() ? (Object) v.numberValue() : v.asText());
        }
        return out;
    }
}
