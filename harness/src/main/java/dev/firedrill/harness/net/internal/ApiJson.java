package dev.firedrill.harness.net.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.net.Link;
import dev.firedrill.harness.net.Toxic;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Toxiproxy's JSON shapes for proxies, toxics and addresses. */
final class ApiJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiJson() {
    }

    static ObjectNode proxy(Link link) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", link.name());
        n.put("listen", address(link.listenAddress()));
        n.put("upstream", link.upstreams().stream().map(ApiJson::address).collect(Collectors.joining(",")));
        n.put("enabled", link.isEnabled());
        n.set("toxics", toxics(link.toxics()));
        return n;
    }

    static ArrayNode toxics(List<Toxic> toxics) {
        ArrayNode a = MAPPER.createArrayNode();
        toxics.forEach(t -> a.add(toxic(t)));
        return a;
    }

    static ObjectNode toxic(Toxic t) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", t.name());
        n.put("type", t.type());
        n.put("stream", t.stream().wireName());
        n.put("toxicity", (float) t.toxicity());
        ObjectNode attrs = n.putObject("attributes");
        for (Map.Entry<String, Object> e : t.attributes().entrySet()) {
            attrs.putPOJO(e.getKey(), e.getValue());
        }
        return n;
    }

    static String address(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** Parses "host:port", ":port" or "[v6]:port"; a comma-separated list gives several upstreams. */
    static List<InetSocketAddress> addresses(String field, String text) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String part : text.split(",")) {
            out.add(address(field, part.trim()));
        }
        return out;
    }

    static InetSocketAddress address(String field, String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new ApiError(400, "bad request body: " + field + " '" + text + "' must be host:port");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new ApiError(400, "bad request body: " + field + " '" + text + "' has no valid port");
        }
        return new InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, port);
    }

    static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ApiError(400, "bad request body: " + field + " must be a string");
        }
        return v.asText();
    }
}
