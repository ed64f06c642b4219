package dev.firedrill.harness.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The stack to rehearse, as an immutable value: VPC, security groups, load balancer, one fleet of
 * stateless app instances, an RDS-style PostgreSQL, a Redis cache and SQS queues.
 *
 * <p>Durations are written as on AWS; {@link #timeScale()} compresses all of them at run time so a
 * 30 s health-check interval rehearses in 300 ms with {@code timeScale: 0.01}.
 *
 * <pre>{@code
 * Topology t = Topology.defaults().toBuilder()
 *         .timeScale(0.05)
 *         .fleet(f -> f.withCount(2))
 *         .build();
 * }</pre>
 */
public record Topology(String name, String region, double timeScale, Vpc vpc, List<SecurityGroup> securityGroups,
        LoadBalancer loadBalancer, Fleet fleet, Database database, Cache cache, List<Queue> queues, String backend,
        Tracing tracing, ContainerImages containers) {
    /** The backend a topology runs on unless it or the command line names another. */
    public static final String DEFAULT_BACKEND = "embedded";

    public Topology {
        securityGroups = List.copyOf(securityGroups);
        queues = List.copyOf(queues);
        backend = backend == null || backend.isBlank() ? DEFAULT_BACKEND : backend.trim();
        tracing = tracing == null ? Tracing.defaults() : tracing;
        containers = containers == null ? ContainerImages.DEFAULTS : containers;
    }

    /** A topology with the default {@link ContainerImages}. */
    public Topology(String name, String region, double timeScale, Vpc vpc, List<SecurityGroup> securityGroups,
            LoadBalancer loadBalancer, Fleet fleet, Database database, Cache cache, List<Queue> queues, String backend,
            Tracing tracing) {
        this(name, region, timeScale, vpc, securityGroups, loadBalancer, fleet, database, cache, queues, backend,
                tracing, null);
    }

    /** A topology with the default {@link Tracing}. */
    public Topology(String name, String region, double timeScale, Vpc vpc, List<SecurityGroup> securityGroups,
            LoadBalancer loadBalancer, Fleet fleet, Database database, Cache cache, List<Queue> queues, String backend) {
        this(name, region, timeScale, vpc, securityGroups, loadBalancer, fleet, database, cache, queues, backend, null);
    }

    /**
     * The built-in topology, mirroring the production target: VPC 10.0.0.0/16 over 2 AZs; ALB in the
     * public subnets; 3 app instances, PostgreSQL primary (AZ a) and 1 replica (AZ b) and Redis in
     * private subnets; security groups chained alb → app → db/redis; queue {@code jobs} with DLQ
     * {@code jobs-dlq}. AWS defaults everywhere, with timeScale 0.1 so a 30 s health-check interval
     * takes 3 s.
     */
    public static Topology defaults() {
        String azA = "us-east-1a";
        String azB = "us-east-1b";
        Vpc vpc = new Vpc("10.0.0.0/16", List.of(azA, azB), List.of(
                new Subnet("public-a", azA, "10.0.0.0/24", true),
                new Subnet("public-b", azB, "10.0.1.0/24", true),
                new Subnet("private-a", azA, "10.0.10.0/24", false),
                new Subnet("private-b", azB, "10.0.11.0/24", false)));
        List<SecurityGroup> sgs = List.of(
                new SecurityGroup("alb-sg", List.of(IngressRule.fromCidr(80, "0.0.0.0/0"))),
                new SecurityGroup("app-sg", List.of(IngressRule.fromGroup(8080, "alb-sg"))),
                new SecurityGroup("db-sg", List.of(IngressRule.fromGroup(5432, "app-sg"),
                        IngressRule.fromGroup(5432, "db-sg"))),
                new SecurityGroup("cache-sg", List.of(IngressRule.fromGroup(6379, "app-sg"))));
        LoadBalancer lb = new LoadBalancer("alb", List.of("public-a", "public-b"), "alb-sg", 0, 8080,
                new HealthCheck("/health", Duration.ofSeconds(30), Duration.ofSeconds(5), 5, 2, "200"),
                LoadBalancer.AWS_DEFAULT_DEREGISTRATION_DELAY, RoutingAlgorithm.ROUND_ROBIN,
                LoadBalancer.AWS_DEFAULT_IDLE_TIMEOUT);
        Fleet fleet = new Fleet("app", 3, List.of("private-a", "private-b"), "app-sg", AppSpec.referenceApp());
        Database db = new Database("db", "postgres", "private-a", List.of("private-b"), "db-sg", 5432,
                FailoverProfile.RDS_MULTI_AZ_INSTANCE);
        Cache cache = new Cache("redis", "redis", "private-a", "cache-sg", 6379);
        List<Queue> queues = List.of(
                new Queue("jobs", Queue.AWS_DEFAULT_VISIBILITY_TIMEOUT, "jobs-dlq", 3),
                new Queue("jobs-dlq", Queue.AWS_DEFAULT_VISIBILITY_TIMEOUT, null, 0));
        return new Topology("default", "us-east-1", 0.1, vpc, sgs, lb, fleet, db, cache, queues, DEFAULT_BACKEND);
    }

    /** A builder initialised with this topology's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** Scales an AWS duration by {@link #timeScale()}. */
    public Duration scaled(Duration awsDuration) {
        return Durations.scale(awsDuration, timeScale);
    }

    /** The security group with this name, or null. */
    public SecurityGroup securityGroup(String name) {
        return securityGroups.stream().filter(g -> g.name().equals(name)).findFirst().orElse(null);
    }

    /** Every component this topology deploys, in start order, with its placement. */
    public List<ComponentSpec> components() {
        List<ComponentSpec> out = new ArrayList<>();
        if (database != null) {
            out.add(new ComponentSpec(database.name() + "-primary", ComponentKind.DB_PRIMARY, az(database.primarySubnet()),
                    database.primarySubnet(), database.securityGroup(), database.port()));
            for (int i = 0; i < database.replicas(); i++) {
                String subnet = database.replicaSubnets().get(i);
                out.add(new ComponentSpec(database.name() + "-replica-" + (i + 1), ComponentKind.DB_REPLICA, az(subnet),
                        subnet, database.securityGroup(), database.port()));
            }
        }
        if (cache != null) {
            out.add(new ComponentSpec(cache.name(), ComponentKind.CACHE, az(cache.subnet()), cache.subnet(),
                    cache.securityGroup(), cache.port()));
        }
        if (!queues.isEmpty()) {
            out.add(new ComponentSpec("sqs", ComponentKind.QUEUE, "regional", null, null, 443));
        }
        if (fleet != null) {
            for (int i = 0; i < fleet.count(); i++) {
                String subnet = fleet.subnets().get(i % fleet.subnets().size());
                out.add(new ComponentSpec(fleet.name() + "-" + (i + 1), ComponentKind.APP_INSTANCE, az(subnet), subnet,
                        fleet.securityGroup(), loadBalancer == null ? 8080 : loadBalancer.targetPort()));
            }
        }
        if (loadBalancer != null) {
            out.add(new ComponentSpec(loadBalancer.name(), ComponentKind.LOAD_BALANCER, "multi-az", null,
                    loadBalancer.securityGroup(), 80));
        }
        return List.copyOf(out);
    }

    private String az(String subnet) {
        Subnet s = vpc.subnet(subnet);
        return s == null ? "?" : s.az();
    }

    /** Fluent, validating builder; {@link #build()} runs {@link TopologyValidator}. */
    public static final class Builder {
        private String name;
        private String region;
        private double timeScale;
        private Vpc vpc;
        private List<SecurityGroup> securityGroups;
        private LoadBalancer loadBalancer;
        private Fleet fleet;
        private Database database;
        private Cache cache;
        private List<Queue> queues;
        private String backend;
        private Tracing tracing;
        private ContainerImages containers;

        private Builder(Topology t) {
            containers = t.containers;
            backend = t.backend;
            tracing = t.tracing;
            name = t.name;
            region = t.region;
            timeScale = t.timeScale;
            vpc = t.vpc;
            securityGroups = t.securityGroups;
            loadBalancer = t.loadBalancer;
            fleet = t.fleet;
            database = t.database;
            cache = t.cache;
            queues = t.queues;
        }

        /** The images of the containers backend. */
        public Builder containers(ContainerImages v) {
            containers = v;
            return this;
        }

        /** Tracing of the stack; {@link Tracing#off()} turns it off. */
        public Builder tracing(Tracing v) {
            tracing = v;
            return this;
        }

        /** The backend to deploy on by name ({@code embedded}, the default). */
        public Builder backend(String v) {
            backend = v;
            return this;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder region(String v) {
            region = v;
            return this;
        }

        /** Multiplies every AWS duration at run time; 0.01 makes a 30 s interval 300 ms. */
        public Builder timeScale(double v) {
            timeScale = v;
            return this;
        }

        public Builder vpc(Vpc v) {
            vpc = v;
            return this;
        }

        public Builder securityGroups(List<SecurityGroup> v) {
            securityGroups = v;
            return this;
        }

        public Builder loadBalancer(UnaryOperator<LoadBalancer> change) {
            loadBalancer = change.apply(loadBalancer);
            return this;
        }

        public Builder healthCheck(HealthCheck hc) {
            LoadBalancer l = loadBalancer;
            loadBalancer = new LoadBalancer(l.name(), l.subnets(), l.securityGroup(), l.listenerPort(), l.targetPort(),
                    hc, l.deregistrationDelay(), l.algorithm(), l.idleTimeout());
            return this;
        }

        public Builder fleet(UnaryOperator<FleetChange> change) {
            fleet = change.apply(new FleetChange(fleet)).fleet;
            return this;
        }

        /** Sets the number of app instances. */
        public Builder instances(int count) {
            return fleet(f -> f.withCount(count));
        }

        /** Runs this command for each instance instead of the reference app. */
        public Builder app(List<String> command, Map<String, String> env) {
            return fleet(f -> f.withApp(AppSpec.command(command, env)));
        }

        public Builder database(Database v) {
            database = v;
            return this;
        }

        /** Sets the number of read replicas, alternating AZs starting with the second one. */
        public Builder replicas(int count) {
            List<String> subnets = new ArrayList<>();
            List<String> privates = vpc.subnets().stream().filter(s -> !s.isPublic()).map(Subnet::name).toList();
            for (int i = 0; i < count; i++) {
                subnets.add(privates.get((i + 1) % privates.size()));
            }
            database = new Database(database.name(), database.engine(), database.primarySubnet(), subnets,
                    database.securityGroup(), database.port(), database.failoverProfile());
            return this;
        }

        public Builder failoverProfile(FailoverProfile p) {
            database = new Database(database.name(), database.engine(), database.primarySubnet(),
                    database.replicaSubnets(), database.securityGroup(), database.port(), p);
            return this;
        }

        public Builder cache(Cache v) {
            cache = v;
            return this;
        }

        public Builder queues(List<Queue> v) {
            queues = v;
            return this;
        }

        /** Builds and validates; throws {@link dev.firedrill.harness.TopologyException} naming the field. */
        public Topology build() {
            Topology t = new Topology(name, region, timeScale, vpc, securityGroups, loadBalancer, fleet, database, cache,
                    queues, backend, tracing, containers);
            TopologyValidator.validate(t);
            return t;
        }
    }

    /** Changes to the fleet inside {@link Builder#fleet(UnaryOperator)}. */
    public static final class FleetChange {
        private final Fleet fleet;

        FleetChange(Fleet fleet) {
            this.fleet = fleet;
        }

        public FleetChange withCount(int count) {
            return new FleetChange(new Fleet(fleet.name(), count, fleet.subnets(), fleet.securityGroup(), fleet.app(),
                    fleet.autoScaling(), fleet.version(), fleet.versions()));
        }

        public FleetChange withApp(AppSpec app) {
            return new FleetChange(new Fleet(fleet.name(), fleet.count(), fleet.subnets(), fleet.securityGroup(), app,
                    fleet.autoScaling(), fleet.version(), fleet.versions()));
        }

        public FleetChange withSubnets(List<String> subnets) {
            return new FleetChange(new Fleet(fleet.name(), fleet.count(), subnets, fleet.securityGroup(), fleet.app(),
                    fleet.autoScaling(), fleet.version(), fleet.versions()));
        }

        /** The fleet as an Auto Scaling group ({@code null}: a fixed fleet). */
        public FleetChange withAutoScaling(AutoScaling autoScaling) {
            return new FleetChange(fleet.withAutoScaling(autoScaling));
        }
    }
}
