package dev.firedrill.harness.topology;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.harness.internal.YamlFields;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.firedrill.harness.TopologyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new TopologyException("", file + " is not a UTF-8 YAML file (it holds bytes that are not UTF-8 text); "
                    + "give a topology YAML file, e.g. ./firedrill topology > my-topology.yaml");
        } catch (IOException e) {
            throw new TopologyException("", "cannot read topology file " + file + ": " + e.getMessage());
        }
        try {
            return parse(text, file.toAbsolutePath().getParent());
        } catch (TopologyException e) {
            throw new TopologyException("", file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a topology written in a file in {@code baseDir}: the fleet's relative paths are resolved against it
     * ({@link AppSpec#resolvedAgainst(Path)}).
     */
    public static Topology parse(String yaml, Path baseDir) {
        Topology t = parse(yaml);
        if (t.fleet() == null || t.fleet().app() == null || t.fleet().app().isReferenceApp()) {
            return t;
        }
        return t.toBuilder().fleet(f -> f.withApp(t.fleet().app().resolvedAgainst(baseDir))).build();
    }

    /** Parses a topology; relative paths in it stay relative to the working directory. */
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
        YamlFields r = new YamlFields("", root);
        String name = r.str("name", d.name());
        String region = r.str("region", d.region());
        String backend = r.str("backend", d.backend());
        double timeScale = r.dbl("timeScale", d.timeScale());
        Vpc vpc = r.has("vpc") ? vpc(r.obj("vpc"), d.vpc()) : d.vpc();
        List<SecurityGroup> sgs = r.has("securityGroups") ? NamedLists.merge("securityGroups", d.securityGroups(),
                r.list("securityGroups"), SecurityGroup::name, TopologyYaml::securityGroup) : d.securityGroups();
        LoadBalancer lb = r.has("loadBalancer") ? loadBalancer(r.obj("loadBalancer"), d.loadBalancer()) : d.loadBalancer();
        Fleet fleet = r.has("fleet") ? fleet(r.obj("fleet"), d.fleet()) : d.fleet();
        Database db = r.has("database") ? database(r.obj("database"), d.database()) : d.database();
        Cache cache = r.has("cache") ? cache(r.obj("cache"), d.cache()) : d.cache();
        List<Queue> queues = r.has("queues") ? withDeadLetterQueues(NamedLists.merge("queues", d.queues(),
                r.list("queues"), Queue::name, TopologyYaml::queue)) : d.queues();
        Tracing tracing = r.has("tracing") ? tracing(r.obj("tracing"), d.tracing()) : d.tracing();
        ContainerImages containers = r.has("containers") ? containers(r.obj("containers"), d.containers())
                : d.containers();
        r.done();
        Topology t = new Topology(name, region, timeScale, vpc, sgs, lb, fleet, db, cache, queues, backend, tracing,
                containers);
        TopologyValidator.validate(t);
        return t;
    }

    private static ContainerImages containers(YamlFields o, ContainerImages d) {
        ContainerImages images = d;
        if (o.has("images")) {
            YamlFields i = o.obj("images");
            images = new ContainerImages(i.str("postgres", d.postgres()), i.str("redis", d.redis()),
                    i.str("sqs", d.sqs()), i.str("jre", d.jre()));
            i.done();
        }
        o.done();
        return images;
    }

    private static Tracing tracing(YamlFields o, Tracing d) {
        Tracing t = new Tracing(o.bool("enabled", d.enabled()), o.dbl("keepFraction", d.keepFraction()),
                o.duration("slow", d.slow()));
        o.done();
        return t;
    }

    private static Vpc vpc(YamlFields o, Vpc d) {
        String cidr = o.str("cidr", d.cidr());
        List<String> azs = o.has("azs") ? o.strings("azs") : d.azs();
        List<Subnet> subnets = d.subnets();
        if (o.has("subnets")) {
            subnets = NamedLists.merge(o.path("subnets"), d.subnets(), o.list("subnets"), Subnet::name, (s, old) -> {
                Subnet n = old == null
                        ? new Subnet(s.reqStr("name"), s.reqStr("az"), s.reqStr("cidr"), s.bool("public", false))
                        : new Subnet(old.name(), s.str("az", old.az()), s.str("cidr", old.cidr()),
                                s.bool("public", old.isPublic()));
                s.done();
                return n;
            });
        }
        o.done();
        return new Vpc(cidr, azs, subnets);
    }

    /** A security group; a default group of that name keeps its rules unless {@code ingress} is given. */
    private static SecurityGroup securityGroup(YamlFields g, SecurityGroup old) {
        List<IngressRule> rules = old == null ? List.of() : old.ingress();
        if (g.has("ingress")) {
            rules = new ArrayList<>();
            for (YamlFields r : g.list("ingress")) {
                rules.add(new IngressRule(r.reqInt("port"), r.str("source", null), r.str("cidr", null)));
                r.done();
            }
        }
        SecurityGroup sg = new SecurityGroup(g.reqStr("name"), rules);
        g.done();
        return sg;
    }

    private static LoadBalancer loadBalancer(YamlFields o, LoadBalancer d) {
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
            YamlFields tg = o.obj("targetGroup");
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
                YamlFields h = tg.obj("healthCheck");
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

    private static Fleet fleet(YamlFields o, Fleet d) {
        String name = o.str("name", d.name());
        int count = o.integer("count", d.count());
        List<String> subnets = o.has("subnets") ? o.strings("subnets") : d.subnets();
        String sg = o.str("securityGroup", d.securityGroup());
        AppSpec app = d.app();
        if (o.has("app")) {
            YamlFields a = o.obj("app");
            List<String> command = a.has("command") ? a.strings("command") : List.of();
            Map<String, String> env = a.has("env") ? a.stringMap("env") : Map.of();
            String workingDir = a.str("workingDir", null);
            String image = a.str("image", null);
            if (image != null && image.isBlank()) {
                throw new TopologyException("fleet.app.image", "fleet.app.image is empty; give an image name such as "
                        + "my-app:1.0 (run on --backend containers), or leave it out");
            }
            if (command.isEmpty() && workingDir != null) {
                throw new TopologyException("fleet.app.workingDir", "fleet.app.workingDir is set but fleet.app.command "
                        + "is not; give the command to run there, e.g. command: [python3, app.py]");
            }
            app = new AppSpec(command, env, workingDir == null ? null : Path.of(workingDir), image);
            a.done();
        }
        AutoScaling asg = o.has("autoScaling") ? autoScaling(o.obj("autoScaling"), count, d.autoScaling())
                : d.autoScaling();
        String version = o.str("version", d.version());
        Map<String, AppVersion> versions = new java.util.LinkedHashMap<>(d.versions());
        if (o.has("versions")) {
            YamlFields vs = o.obj("versions");
            for (String v : vs.keys()) {
                YamlFields one = vs.obj(v);
                versions.put(v, new AppVersion(one.has("command") ? one.strings("command") : List.of(),
                        one.has("env") ? one.stringMap("env") : Map.of()));
                one.done();
            }
        }
        o.done();
        return new Fleet(name, count, subnets, sg, app, asg, version, versions);
    }

    private static AutoScaling autoScaling(YamlFields o, int count, AutoScaling d) {
        AutoScaling base = d != null ? d : AutoScaling.fixed(count);
        int min = o.integer("min", d != null ? d.min() : count);
        int max = o.integer("max", d != null ? d.max() : Math.max(count, min));
        AutoScaling.HealthCheckType type = o.has("healthCheckType")
                ? AutoScaling.HealthCheckType.parse(o.path("healthCheckType"), o.str("healthCheckType", "EC2"))
                : base.healthCheckType();
        java.time.Duration grace = o.duration("healthCheckGracePeriod", base.healthCheckGracePeriod());
        java.time.Duration cooldown = o.duration("defaultCooldown", base.defaultCooldown());
        AutoScaling.TargetTracking tt = base.targetTracking();
        if (o.has("targetTracking")) {
            YamlFields t = o.obj("targetTracking");
            AutoScaling.Metric metric = AutoScaling.Metric.parse(t.path("metric"), t.reqStr("metric"));
            double target = t.dbl("target", Double.NaN);
            if (Double.isNaN(target)) {
                throw new TopologyException(t.path("target"), "is required: the value to hold the metric at, e.g. "
                        + "target: 600 (requests per target per minute) or target: 50 (percent CPU)");
            }
            tt = new AutoScaling.TargetTracking(metric, target, t.duration("instanceWarmup", cooldown),
                    t.bool("disableScaleIn", false));
            t.done();
        }
        o.done();
        return new AutoScaling(min, max, type, grace, cooldown, tt);
    }

    private static Database database(YamlFields o, Database d) {
        String name = o.str("name", d.name());
        String engine = o.str("engine", d.engine());
        String primary = d.primarySubnet();
        if (o.has("primary")) {
            YamlFields p = o.obj("primary");
            primary = p.reqStr("subnet");
            p.done();
        }
        List<String> replicas = d.replicaSubnets();
        if (o.has("replicas")) {
            replicas = new ArrayList<>();
            for (YamlFields r : o.list("replicas")) {
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

    private static Cache cache(YamlFields o, Cache d) {
        Cache c = new Cache(o.str("name", d.name()), o.str("engine", d.engine()), o.str("subnet", d.subnet()),
                o.str("securityGroup", d.securityGroup()), d.port());
        o.done();
        return c;
    }

    /** A queue; a default queue of that name keeps the fields not given, a new one gets SQS defaults. */
    private static Queue queue(YamlFields q, Queue old) {
        String name = q.reqStr("name");
        Duration vis = q.duration("visibilityTimeout", old == null ? Queue.AWS_DEFAULT_VISIBILITY_TIMEOUT
                : old.visibilityTimeout());
        String dlq = old == null ? null : old.deadLetterQueue();
        int max = old == null ? 0 : old.maxReceiveCount();
        if (q.has("deadLetter")) {
            YamlFields dl = q.obj("deadLetter");
            dlq = dl.reqStr("name");
            max = dl.reqInt("maxReceiveCount");
            dl.done();
        }
        q.done();
        return new Queue(name, vis, dlq, max);
    }

    /** A dead-letter queue named but not declared is created with SQS defaults. */
    private static List<Queue> withDeadLetterQueues(List<Queue> queues) {
        List<Queue> out = new ArrayList<>(queues);
        List<String> names = new ArrayList<>(queues.stream().map(Queue::name).toList());
        for (Queue q : queues) {
            if (q.deadLetterQueue() != null && !names.contains(q.deadLetterQueue())) {
                names.add(q.deadLetterQueue());
                out.add(new Queue(q.deadLetterQueue(), Queue.AWS_DEFAULT_VISIBILITY_TIMEOUT, null, 0));
            }
        }
        return out;
    }
}
