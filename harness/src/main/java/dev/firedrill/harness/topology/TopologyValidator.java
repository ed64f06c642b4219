package dev.firedrill.harness.topology;

import dev.firedrill.harness.TopologyException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@link Topology} against AWS's own limits and the references between its parts. Every
 * error names the field, the bad value, what is allowed and how to fix it.
 */
public final class TopologyValidator {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private TopologyValidator() {
    }

    private static final Pattern RELEASE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static void release(String field, String v) {
        if (!RELEASE.matcher(v).matches()) {
            throw new TopologyException(field, "'" + v + "' is not a version name: use 1-64 letters, digits, '.', '_' "
                    + "or '-', e.g. v2 or 2024.06.1");
        }
    }

    /** AWS's own bounds where it has them; 16 instances is what one machine runs. */
    private static void autoScaling(Fleet f) {
        AutoScaling a = f.autoScaling();
        if (a.min() < 0 || a.max() > 16 || a.min() > a.max()) {
            throw new TopologyException("fleet.autoScaling", "needs 0 ≤ min ≤ max ≤ 16 on one machine (got min "
                    + a.min() + ", max " + a.max() + ")");
        }
        if (f.count() < a.min() || f.count() > a.max()) {
            throw new TopologyException("fleet.count", "the desired capacity " + f.count() + " must be between "
                    + "fleet.autoScaling.min " + a.min() + " and max " + a.max() + "; change one of them");
        }
        nonNegative("fleet.autoScaling.healthCheckGracePeriod", a.healthCheckGracePeriod());
        nonNegative("fleet.autoScaling.defaultCooldown", a.defaultCooldown());
        if (a.targetTracking() != null) {
            AutoScaling.TargetTracking tt = a.targetTracking();
            if (!(tt.targetValue() > 0) || (tt.metric() == AutoScaling.Metric.CPU && tt.targetValue() > 100)) {
                throw new TopologyException("fleet.autoScaling.targetTracking.target", "must be > 0"
                        + (tt.metric() == AutoScaling.Metric.CPU ? " and ≤ 100 (percent CPU)" : "") + ", got "
                        + tt.targetValue());
            }
            nonNegative("fleet.autoScaling.targetTracking.instanceWarmup", tt.instanceWarmup());
        }
    }

    private static void nonNegative(String field, Duration d) {
        if (d.isNegative()) {
            throw new TopologyException(field, "must be ≥ 0, got " + Durations.format(d));
        }
    }

    public static void validate(Topology t) {
        name("name", t.name());
        if (!(t.timeScale() >= 0.001 && t.timeScale() <= 1)) {
            throw new TopologyException("timeScale", "must be between 0.001 and 1 (got " + t.timeScale()
                    + "); 0.1 runs a 30 s health-check interval in 3 s, 1 is real AWS time");
        }
        if (t.vpc() == null) {
            throw new TopologyException("vpc", "is required");
        }
        vpc(t.vpc());
        Set<String> sgs = new HashSet<>();
        for (int i = 0; i < t.securityGroups().size(); i++) {
            SecurityGroup g = t.securityGroups().get(i);
            String p = "securityGroups[" + i + "]";
            name(p + ".name", g.name());
            if (!sgs.add(g.name())) {
                throw new TopologyException(p + ".name", "duplicate security group '" + g.name() + "'");
            }
        }
        for (int i = 0; i < t.securityGroups().size(); i++) {
            SecurityGroup g = t.securityGroups().get(i);
            for (int j = 0; j < g.ingress().size(); j++) {
                IngressRule r = g.ingress().get(j);
                String p = "securityGroups[" + i + "].ingress[" + j + "]";
                port(p + ".port", r.port(), false);
                if ((r.sourceGroup() == null) == (r.cidr() == null)) {
                    throw new TopologyException(p, "give exactly one of 'source' (a security group) or 'cidr'");
                }
                if (r.sourceGroup() != null && !sgs.contains(r.sourceGroup())) {
                    throw new TopologyException(p + ".source", unknown("security group", r.sourceGroup(), sgs));
                }
                if (r.cidr() != null && Cidr.parse(r.cidr()) == null) {
                    throw new TopologyException(p + ".cidr", "'" + r.cidr() + "' is not an IPv4 CIDR like 10.0.0.0/16");
                }
            }
        }
        if (t.loadBalancer() != null) {
            loadBalancer(t, sgs);
        }
        if (t.fleet() != null) {
            Fleet f = t.fleet();
            name("fleet.name", f.name());
            if (f.count() < 0 || f.count() > 16) {
                throw new TopologyException("fleet.count", "must be between 0 and 16 on one machine (got " + f.count() + ")");
            }
            subnets(t, "fleet.subnets", f.subnets(), false);
            sgRef("fleet.securityGroup", f.securityGroup(), sgs);
            if (f.app() == null) {
                throw new TopologyException("fleet.app", "is required: omit 'command' to run the reference app");
            }
            release("fleet.version", f.version());
            f.versions().keySet().forEach(v -> release("fleet.versions." + v, v));
            if (f.autoScaling() != null) {
                autoScaling(f);
            }
        }
        if (t.database() != null) {
            Database d = t.database();
            name("database.name", d.name());
            if (!"postgres".equals(d.engine())) {
                throw new TopologyException("database.engine", "'" + d.engine() + "' is not supported; use postgres");
            }
            subnets(t, "database.primary.subnet", List.of(d.primarySubnet()), false);
            if (d.replicas() > 5) {
                throw new TopologyException("database.replicas", "at most 5 read replicas on one machine (got "
                        + d.replicas() + ")");
            }
            if (!d.replicaSubnets().isEmpty()) {
                subnets(t, "database.replicas", d.replicaSubnets(), false);
            }
            sgRef("database.securityGroup", d.securityGroup(), sgs);
            if (d.failoverProfile() == null) {
                throw new TopologyException("database.failoverProfile", "is required");
            }
        }
        if (t.cache() != null) {
            Cache c = t.cache();
            if (!"redis".equals(c.engine())) {
                throw new TopologyException("cache.engine", "'" + c.engine() + "' is not supported; use redis");
            }
            subnets(t, "cache.subnet", List.of(c.subnet()), false);
            sgRef("cache.securityGroup", c.securityGroup(), sgs);
        }
        queues(t.queues());
    }

    private static void vpc(Vpc v) {
        Cidr block = Cidr.parse(v.cidr());
        if (block == null) {
            throw new TopologyException("vpc.cidr", "'" + v.cidr() + "' is not an IPv4 CIDR like 10.0.0.0/16");
        }
        if (block.prefix() < 16 || block.prefix() > 28) {
            throw new TopologyException("vpc.cidr", "AWS allows VPC blocks from /16 to /28 (got /" + block.prefix() + ")");
        }
        if (v.azs().isEmpty()) {
            throw new TopologyException("vpc.azs", "list at least one availability zone, e.g. [us-east-1a, us-east-1b]");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < v.subnets().size(); i++) {
            Subnet s = v.subnets().get(i);
            String p = "vpc.subnets[" + i + "]";
            name(p + ".name", s.name());
            if (!names.add(s.name())) {
                throw new TopologyException(p + ".name", "duplicate subnet '" + s.name() + "'");
            }
            if (!v.azs().contains(s.az())) {
                throw new TopologyException(p + ".az", unknown("availability zone", s.az(), new HashSet<>(v.azs())));
            }
            Cidr c = Cidr.parse(s.cidr());
            if (c == null) {
                throw new TopologyException(p + ".cidr", "'" + s.cidr() + "' is not an IPv4 CIDR like 10.0.1.0/24");
            }
            if (!block.contains(c)) {
                throw new TopologyException(p + ".cidr", s.cidr() + " is outside the VPC block " + v.cidr());
            }
            for (int j = 0; j < i; j++) {
                if (Cidr.parse(v.subnets().get(j).cidr()).overlaps(c)) {
                    throw new TopologyException(p + ".cidr", s.cidr() + " overlaps subnet '" + v.subnets().get(j).name()
                            + "' (" + v.subnets().get(j).cidr() + ")");
                }
            }
        }
    }

    private static void loadBalancer(Topology t, Set<String> sgs) {
        LoadBalancer lb = t.loadBalancer();
        name("loadBalancer.name", lb.name());
        subnets(t, "loadBalancer.subnets", lb.subnets(), true);
        long azs = lb.subnets().stream().map(s -> t.vpc().subnet(s).az()).distinct().count();
        if (azs < 2) {
            throw new TopologyException("loadBalancer.subnets", "an Application Load Balancer needs subnets in at least "
                    + "two availability zones (AWS requirement); add a public subnet in another AZ");
        }
        sgRef("loadBalancer.securityGroup", lb.securityGroup(), sgs);
        port("loadBalancer.listenerPort", lb.listenerPort(), true);
        port("loadBalancer.targetGroup.port", lb.targetPort(), false);
        AlbLimits.check(lb, AlbLimits.Paths.TOPOLOGY);
    }

    private static void queues(List<Queue> queues) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < queues.size(); i++) {
            Queue q = queues.get(i);
            String p = "queues[" + i + "]";
            if (q.name() == null || !q.name().matches("[A-Za-z0-9_-]{1,80}")) {
                throw new TopologyException(p + ".name", "'" + q.name()
                        + "' is not an SQS queue name (1–80 letters, digits, '-' or '_')");
            }
            if (!names.add(q.name())) {
                throw new TopologyException(p + ".name", "duplicate queue '" + q.name() + "'");
            }
            range(p + ".visibilityTimeout", q.visibilityTimeout(), 0, 43_200);
        }
        for (int i = 0; i < queues.size(); i++) {
            Queue q = queues.get(i);
            String p = "queues[" + i + "].deadLetter";
            if (q.deadLetterQueue() == null) {
                continue;
            }
            if (q.deadLetterQueue().equals(q.name())) {
                throw new TopologyException(p + ".name", "a queue cannot be its own dead-letter queue");
            }
            if (q.maxReceiveCount() < 1 || q.maxReceiveCount() > 1000) {
                throw new TopologyException(p + ".maxReceiveCount", "must be between 1 and 1000, as SQS allows (got "
                        + q.maxReceiveCount() + ")");
            }
        }
    }

    private static void subnets(Topology t, String path, List<String> subnets, boolean mustBePublic) {
        if (subnets == null || subnets.isEmpty()) {
            throw new TopologyException(path, "list at least one subnet");
        }
        Set<String> known = new HashSet<>();
        t.vpc().subnets().forEach(s -> known.add(s.name()));
        for (String name : subnets) {
            Subnet s = t.vpc().subnet(name);
            if (s == null) {
                throw new TopologyException(path, unknown("subnet", name, known));
            }
            if (mustBePublic && !s.isPublic()) {
                throw new TopologyException(path, "subnet '" + name + "' is private; an internet-facing load balancer "
                        + "needs public subnets (set 'public: true' on the subnet or pick another)");
            }
            if (!mustBePublic && s.isPublic()) {
                throw new TopologyException(path, "subnet '" + name + "' is public; put app instances, databases and "
                        + "caches in private subnets");
            }
        }
    }

    private static void sgRef(String path, String name, Set<String> sgs) {
        if (name == null) {
            throw new TopologyException(path, "is required");
        }
        if (!sgs.contains(name)) {
            throw new TopologyException(path, unknown("security group", name, sgs));
        }
    }

    private static void name(String path, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new TopologyException(path, "'" + name
                    + "' is not a valid name: use lower-case letters, digits and '-', starting with a letter");
        }
    }

    private static void port(String path, int port, boolean zeroAllowed) {
        if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
            throw new TopologyException(path, "must be a TCP port between " + (zeroAllowed ? "0 (any free port)" : "1")
                    + " and 65535 (got " + port + ")");
        }
    }

    private static void range(String path, Duration d, long minSeconds, long maxSeconds) {
        if (d == null) {
            throw new TopologyException(path, "is required");
        }
        if (d.compareTo(Duration.ofSeconds(minSeconds)) < 0 || d.compareTo(Duration.ofSeconds(maxSeconds)) > 0) {
            throw new TopologyException(path, "must be between " + minSeconds + "s and " + maxSeconds
                    + "s as on AWS (got " + Durations.format(d) + "); use timeScale to make runs faster");
        }
    }

    static String unknown(String what, String value, Set<String> known) {
        return "unknown " + what + " '" + value + "'; known: " + String.join(", ", known.stream().sorted().toList());
    }
}
