package dev.firedrill.harness.topology;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.firedrill.harness.TopologyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a topology from YAML. Every section is optional and falls back to {@link Topology#defaults()},
 * so a file can say only what differs. Unknown keys are errors (with a suggestion), so a typo never
 * silently falls back to a default.
 *
 * <pre>{@code
 * name: shop
 * timeScale: 0.05
 * fleet:
 *   count: 4
 *   app:
 *     command: [python3, app.py]
 * }</pre>
 */
public final class TopologyYaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private TopologyYaml() {
    }

    public static Topology load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new TopologyException("", "topology file " + file + " does not exist");
        } catch (IOException e) {
            throw new TopologyException("", "cannot read topology file " + file + ": " + e.getMessage());
        }
        try {
            return parse(text);
        } catch (TopologyException e) {
            throw new TopologyException("", file + ": " + e.getMessage(), e);
        }
    }

    public static Topology parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
            throw new TopologyException("", "malformed YAML at " + where + e.getOriginalMessage());
        }
        Topology d = Topology.defaults();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return d;
        }
        Obj r = new Obj("", root);
        String name = r.str("name", d.name());
        String region = r.str("region", d.region());
        double timeScale = r.dbl("timeScale", d.timeScale());
        Vpc vpc = r.has("vpc") ? vpc(r.obj("vpc"), d.vpc()) : d.vpc();
        List<SecurityGroup> sgs = r.has("securityGroups") ? securityGroups(r.list("securityGroups")) : d.securityGroups();
        LoadBalancer lb = r.has("loadBalancer") ? loadBalancer(r.obj("loadBalancer"), d.loadBalancer()) : d.loadBalancer();
        Fleet fleet = r.has("fleet") ? fleet(r.obj("fleet"), d.fleet()) : d.fleet();
        Database db = r.has("database") ? database(r.obj("database"), d.database()) : d.database();
        Cache cache = r.has("cache") ? cache(r.obj("cache"), d.cache()) : d.cache();
        List<Queue> queues = r.has("queues") ? queues(r.list("queues")) : d.queues();
        r.done();
        Topology t = new Topology(name, region, timeScale, vpc, sgs, lb, fleet, db, cache, queues);
        TopologyValidator.validate(t);
        return t;
    }

    private static Vpc vpc(Obj o, Vpc d) {
        String cidr = o.str("cidr", d.cidr());
        List<String> azs = o.has("azs") ? o.strings("azs") : d.azs();
        List<Subnet> subnets = d.subnets();
        if (o.has("subnets")) {
            subnets = new ArrayList<>();
            for (Obj s : o.list("subnets")) {
                subnets.add(new Subnet(s.reqStr("name"), s.reqStr("az"), s.reqStr("cidr"), s.bool("public", false)));
                s.done();
            }
        }
        o.done();
        return new Vpc(cidr, azs, subnets);
    }

    private static List<SecurityGroup> securityGroups(List<Obj> list) {
        List<SecurityGroup> out = new ArrayList<>();
        for (Obj g : list) {
            List<IngressRule> rules = new ArrayList<>();
            if (g.has("ingress")) {
                for (Obj r : g.list("ingress")) {
                    rules.add(new IngressRule(r.reqInt("port"), r.str("source", null), r.str("cidr", null)));
                    r.done();
                }
            }
            out.add(new SecurityGroup(g.reqStr("name"), rules));
            g.done();
        }
        return out;
    }

    private static LoadBalancer loadBalancer(Obj o, LoadBalancer d) {
        String name = o.str("name", d.name());
        List<String> subnets = o.has("subnets") ? o.strings("subnets") : d.subnets();
        String sg = o.str("securityGroup", d.securityGroup());
        int listenerPort = o.integer("listenerPort", d.listenerPort());
        Duration idle = o.duration("idleTimeout", d.idleTimeout());
        int targetPort = d.targetPort();
        HealthCheck hc = d.healthCheck();
        Duration dereg = d.deregistrationDelay();
        RoutingAlgorithm alg = d.algorithm();
        if (o.has("targetGroup")) {
            Obj tg = o.obj("targetGroup");
            targetPort = tg.integer("port", targetPort);
            dereg = tg.duration("deregistrationDelay", dereg);
            if (tg.has("algorithm")) {
                String a = tg.reqStr("algorithm");
                alg = RoutingAlgorithm.of(a);
                if (alg == null) {
                    throw new TopologyException(tg.path("algorithm"), "'" + a
                            + "' is not a routing algorithm; use round_robin (AWS default) or least_outstanding_requests");
                }
            }
            if (tg.has("healthCheck")) {
                Obj h = tg.obj("healthCheck");
                hc = new HealthCheck(h.str("path", hc.path()), h.duration("interval", hc.interval()),
                        h.duration("timeout", hc.timeout()), h.integer("healthyThreshold", hc.healthyThreshold()),
                        h.integer("unhealthyThreshold", hc.unhealthyThreshold()), h.str("matcher", hc.matcher()));
                h.done();
            }
            tg.done();
        }
        o.done();
        return new LoadBalancer(name, subnets, sg, listenerPort, targetPort, hc, dereg, alg, idle);
    }

    private static Fleet fleet(Obj o, Fleet d) {
        String name = o.str("name", d.name());
        int count = o.integer("count", d.count());
        List<String> subnets = o.has("subnets") ? o.strings("subnets") : d.subnets();
        String sg = o.str("securityGroup", d.securityGroup());
        AppSpec app = d.app();
        if (o.has("app")) {
            Obj a = o.obj("app");
            List<String> command = a.has("command") ? a.strings("command") : List.of();
            Map<String, String> env = a.has("env") ? a.stringMap("env") : Map.of();
            if (command.isEmpty() && !env.isEmpty()) {
                app = new AppSpec(List.of(), env);
            } else {
                app = new AppSpec(command, env);
            }
            a.done();
        }
        o.done();
        return new Fleet(name, count, subnets, sg, app);
    }

    private static Database database(Obj o, Database d) {
        String name = o.str("name", d.name());
        String engine = o.str("engine", d.engine());
        String primary = d.primarySubnet();
        if (o.has("primary")) {
            Obj p = o.obj("primary");
            primary = p.reqStr("subnet");
            p.done();
        }
        List<String> replicas = d.replicaSubnets();
        if (o.has("replicas")) {
            replicas = new ArrayList<>();
            for (Obj r : o.list("replicas")) {
                replicas.add(r.reqStr("subnet"));
                r.done();
            }
        }
        String sg = o.str("securityGroup", d.securityGroup());
        FailoverProfile profile = d.failoverProfile();
        if (o.has("failoverProfile")) {
            String p = o.reqStr("failoverProfile");
            profile = FailoverProfile.of(p);
            if (profile == null) {
                throw new TopologyException(o.path("failoverProfile"), "'" + p + "' is not a failover profile; use one of "
                        + "rds-multi-az-instance, rds-multi-az-cluster, aurora, instant");
            }
        }
        o.done();
        return new Database(name, engine, primary, replicas, sg, d.port(), profile);
    }

    private static Cache cache(Obj o, Cache d) {
        Cache c = new Cache(o.str("name", d.name()), o.str("engine", d.engine()), o.str("subnet", d.subnet()),
                o.str("securityGroup", d.securityGroup()), d.port());
        o.done();
        return c;
    }

    private static List<Queue> queues(List<Obj> list) {
        List<Queue> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Obj q : list) {
            String name = q.reqStr("name");
            names.add(name);
            Duration vis = q.duration("visibilityTimeout", Queue.AWS_DEFAULT_VISIBILITY_TIMEOUT);
            String dlq = null;
            int max = 0;
            if (q.has("deadLetter")) {
                Obj dl = q.obj("deadLetter");
                dlq = dl.reqStr("name");
                max = dl.reqInt("maxReceiveCount");
                dl.done();
            }
            q.done();
            out.add(new Queue(name, vis, dlq, max));
        }
        // a dead-letter queue named but not declared is created with SQS defaults
        for (Queue q : List.copyOf(out)) {
            if (q.deadLetterQueue() != null && !names.contains(q.deadLetterQueue())) {
                names.add(q.deadLetterQueue());
                out.add(new Queue(q.deadLetterQueue(), Queue.AWS_DEFAULT_VISIBILITY_TIMEOUT, null, 0));
            }
        }
        return out;
    }

    /** A YAML mapping being read: remembers its path and which keys were consumed. */
    private static final class Obj {
        private final String path;
        private final JsonNode node;
        private final Set<String> seen = new java.util.HashSet<>();

        Obj(String path, JsonNode node) {
            this.path = path;
            if (!node.isObject()) {
                throw new TopologyException(path, "expected a mapping (key: value lines), got " + kind(node));
            }
            this.node = node;
        }

        String path(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        boolean has(String key) {
            seen.add(key);
            return node.has(key) && !node.get(key).isNull();
        }

        private JsonNode get(String key) {
            seen.add(key);
            return node.get(key);
        }

        String str(String key, String dflt) {
            JsonNode v = get(key);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isValueNode() || v.isBoolean()) {
                throw new TopologyException(path(key), "expected a string, got " + kind(v));
            }
            return v.asText();
        }

        String reqStr(String key) {
            String v = str(key, null);
            if (v == null) {
                throw new TopologyException(path(key), "is required");
            }
            return v;
        }

        int integer(String key, int dflt) {
            JsonNode v = get(key);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                throw new TopologyException(path(key), "expected a whole number, got " + kind(v) + " '" + v.asText() + "'");
            }
            return v.asInt();
        }

        int reqInt(String key) {
            if (!has(key)) {
                seen.add(key);
                throw new TopologyException(path(key), "is required");
            }
            return integer(key, 0);
        }

        double dbl(String key, double dflt) {
            JsonNode v = get(key);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isNumber()) {
                throw new TopologyException(path(key), "expected a number, got " + kind(v) + " '" + v.asText() + "'");
            }
            return v.asDouble();
        }

        boolean bool(String key, boolean dflt) {
            JsonNode v = get(key);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isBoolean()) {
                throw new TopologyException(path(key), "expected true or false, got '" + v.asText() + "'");
            }
            return v.asBoolean();
        }

        Duration duration(String key, Duration dflt) {
            JsonNode v = get(key);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (v.isNumber()) {
                throw new TopologyException(path(key), "'" + v.asText() + "' has no unit; write e.g. " + v.asText() + "s");
            }
            return Durations.parse(path(key), v.asText());
        }

        Obj obj(String key) {
            return new Obj(path(key), get(key));
        }

        List<Obj> list(String key) {
            JsonNode v = get(key);
            if (!v.isArray()) {
                throw new TopologyException(path(key), "expected a list (lines starting with '- '), got " + kind(v));
            }
            List<Obj> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                out.add(new Obj(path(key) + "[" + i + "]", v.get(i)));
            }
            return out;
        }

        List<String> strings(String key) {
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

        Map<String, String> stringMap(String key) {
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

        /** Fails on any key that was not read: a typo must not silently become a default. */
        void done() {
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
    }

    private static String kind(JsonNode n) {
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

    static String closest(String key, Set<String> candidates) {
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
