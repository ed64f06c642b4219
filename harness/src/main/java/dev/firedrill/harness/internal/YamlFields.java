package dev.firedrill.harness.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.topology.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML mapping being read field by field: remembers its path for error messages and which keys were
 * consumed, so that {@link #done()} can reject unknown keys with a suggestion.
 */
public final class YamlFields {
    private final String path;
    private final JsonNode node;
    private final Set<String> seen = new HashSet<>();

public YamlFields(String path, JsonNode node) {
        this.path = path;
        if (!node.isObject()) {
            throw new TopologyException(path, "expected a mapping (key: value lines), got " + kind(node));
        }
        this.node = node;
    }

    public String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public boolean has(String key) {
        seen.add(key);
        return node.has(key) && !node.get(key).isNull();
    }

    private JsonNode get(String key) {
        seen.add(key);
        return node.get(key);
    }

    public String str(String key, String dflt) {
        JsonNode v = get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isValueNode() || v.isBoolean()) {
            throw new TopologyException(path(key), "expected a string, got " + kind(v));
        }
        return v.asText();
    }

    public String reqStr(String key) {
        String v = str(key, null);
        if (v == null) {
            throw new TopologyException(path(key), "is required");
        }
        return v;
    }

    public int integer(String key, int dflt) {
        JsonNode v = get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new TopologyException(path(key), "expected a whole number, got " + kind(v) + " '" + v.asText() + "'");
        }
        return v.asInt();
    }

    public int reqInt(String key) {
        if (!has(key)) {
            seen.add(key);
            throw new TopologyException(path(key), "is required");
        }
        return integer(key, 0);
    }

    public double dbl(String key, double dflt) {
        JsonNode v = get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isNumber()) {
            throw new TopologyException(path(key), "expected a number, got " + kind(v) + " '" + v.asText() + "'");
        }
        return v.asDouble();
    }

    public boolean bool(String key, boolean dflt) {
        JsonNode v = get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new TopologyException(path(key), "expected true or false, got '" + v.asText() + "'");
        }
        return v.asBoolean();
    }

    public Duration duration(String key, Duration dflt) {
        JsonNode v = get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (v.isNumber()) {
            throw new TopologyException(path(key), "'" + v.asText() + "' has no unit; write e.g. " + v.asText() + "s");
        }
        return Durations.parse(path(key), v.asText());
    }

    public YamlFields obj(String key) {
        return new YamlFields(path(key), get(key));
    }

    public List<YamlFields> list(String key) {
        JsonNode v = get(key);
        if (!v.isArray()) {
            throw new TopologyException(path(key), "expected a list (lines starting with '- '), got " + kind(v));
        }
        List<YamlFields> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(new YamlFields(path(key) + "[" + i + "]", v.get(i)));
        }
        return out;
    }

    public List<String> strings(String key) {
        JsonNode v = get(key);
        if (!v.isArray()) {
            throw new TopologyException(path(key), "expected a list like [a, b], got " + kind(v));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isValueNode()) {
                throw new TopologyException(path(key) + "[" + i + "]", "expected a string, got " + kind(e));
            }
            out.add(e.asText());
        }
        return out;
    }

    public Map<String, String> stringMap(String key) {
        JsonNode v = get(key);
        if (!v.isObject()) {
            throw new TopologyException(path(key), "expected a mapping of NAME: value, got " + kind(v));
        }
        Map<String, String> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode()) {
                throw new TopologyException(path(key) + "." + e.getKey(), "expected a string value");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /** Every key of this mapping, in file order (each counts as read). */
    public List<String> keys() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(k -> {
            seen.add(k);
            out.add(k);
        });
        return out;
    }

    /** Fails on any key that was not read: a typo must not silently become a default. */
    public void done() {
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (!seen.contains(k)) {
                String hint = closest(k, seen);
                throw new TopologyException(path(k), "unknown field '" + k + "'"
                        + (hint != null ? "; did you mean '" + hint + "'?" : "; known fields here: "
                                + String.join(", ", seen.stream().sorted().toList())));
            }
        }
    }

    public static String kind(JsonNode n) {
        if (n == null || n.isNull()) {
            return "nothing";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isNumber()) {
            return "a number";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        return "a string";
    }

    public static String closest(String key, Set<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(key.toLowerCase(), c.toLowerCase());
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return bestD <= Math.max(2, key.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
