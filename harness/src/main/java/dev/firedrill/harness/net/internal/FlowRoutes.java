package dev.firedrill.harness.net.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.net.FlowRecord;
import dev.firedrill.harness.net.LinkRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET /flows?since=EPOCH_MILLIS&edge=GLOB}: the registry's flow records as a JSON array, those of connections
 * that ended at or after {@code since} (default: all kept) and the open ones, whose edge ({@code app-1->db-writer})
 * or link name matches the glob ({@code *} any text, {@code ?} one character; default: all).
 */
final class FlowRoutes {
    private final LinkRegistry links;

    FlowRoutes(LinkRegistry links) {
        this.links = links;
    }

    ApiHandler.Reply get(String method, String query) {
        ApiHandler.requireMethod(method, "GET");
        Map<String, String> q = parse(query);
        long sinceMillis = 0;
        if (q.containsKey("since")) {
            try {
                sinceMillis = Long.parseLong(q.get("since"));
            } catch (NumberFormatException e) {
                throw new ApiError(400, "since must be epoch milliseconds, e.g. since="
                        + System.currentTimeMillis() + "; was '" + q.get("since") + "'");
            }
        }
        Pattern edge = q.containsKey("edge") ? glob(q.get("edge")) : null;
        ArrayNode out = ApiHandler.array();
        for (FlowRecord r : links.flows(sinceMillis * 1_000_000L)) {
            if (edge == null || edge.matcher(r.edge()).matches() || edge.matcher(r.link()).matches()) {
                out.add(json(r));
            }
        }
        return ApiHandler.Reply.ok(out);
    }

    static ObjectNode json(FlowRecord r) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("link", r.link());
        n.put("edge", r.edge());
        n.put("srcaddr", r.srcaddr());
        n.put("srcport", r.srcport());
        n.put("dstaddr", r.dstaddr());
        n.put("dstport", r.dstport());
        n.put("protocol", FlowRecord.PROTOCOL_TCP);
        n.put("packets", r.packets());
        n.put("bytes", r.bytes());
        n.put("startEpochNanos", r.startEpochNanos());
        n.put("endEpochNanos", r.endEpochNanos());
        n.put("action", r.action());
        n.put("reason", r.reason());
        return n;
    }

    /** A glob as a regex: {@code *} any text, {@code ?} one character, everything else literal. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }

    private static Map<String, String> parse(String query) {
        Map<String, String> out = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String kv : query.split("&")) {
            int i = kv.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }
}
