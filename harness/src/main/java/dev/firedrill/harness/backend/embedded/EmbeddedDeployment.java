package dev.firedrill.harness.backend.embedded;

import dev.firedrill.harness.FiredrillException;
import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.backend.ComponentInfo;
import dev.firedrill.harness.backend.Deployment;
import dev.firedrill.harness.backend.Endpoints;
import dev.firedrill.harness.backend.Probe;
import dev.firedrill.harness.backend.ProgressListener;
import dev.firedrill.harness.backend.embedded.internal.QueueProbe;
import dev.firedrill.harness.backend.embedded.internal.ReplicationProbe;
import dev.firedrill.harness.backend.embedded.internal.TargetHealthProbe;
import dev.firedrill.harness.fault.Edge;
import dev.firedrill.harness.fault.Targets;
import dev.firedrill.harness.backend.embedded.internal.AppInstance;
import dev.firedrill.harness.backend.embedded.internal.PostgresServer;
import dev.firedrill.harness.backend.embedded.internal.RedisNode;
import dev.firedrill.harness.backend.embedded.internal.SqsNode;
import dev.firedrill.harness.internal.Ports;
import dev.firedrill.harness.internal.RunDirectories;
import dev.firedrill.harness.lb.AlbConfig;
import dev.firedrill.harness.lb.AlbSimulator;
import dev.firedrill.harness.lb.TargetHealth;
import dev.firedrill.harness.lb.TargetState;
import dev.firedrill.harness.net.Link;
import dev.firedrill.harness.net.LinkRegistry;
import dev.firedrill.harness.net.ToxiproxyApi;
import dev.firedrill.harness.topology.ComponentKind;
import dev.firedrill.harness.topology.ComponentSpec;
import dev.firedrill.harness.topology.SecurityGroupRules;
import dev.firedrill.harness.topology.Topology;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A topology running on this machine, the embedded backend's {@link Deployment}. Exposes its parts (links, servers, instances, the ALB) so that
 * faults and samplers can act on them. Close it to stop everything; a JVM killed with {@code -9}
 * takes its children with it (parent-death signal) and leaves its run directory to the next sweep.
 */
public final class EmbeddedDeployment implements Deployment {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDeployment.class);
    static final String DATABASE = "postgres";
    /** The pseudo-component for clients on the host (the workload, users' tools): not in the VPC. */
    public static final String CLIENT = Edge.CLIENT;

    private final Topology topology;
    private final Path runDir;
    private final SecurityGroupRules rules;
    private final LinkRegistry links;
    private volatile ToxiproxyApi control;
    private final Map<String, ComponentSpec> specs = new LinkedHashMap<>();
    private volatile PostgresServer primary;
    private final List<PostgresServer> replicas = Collections.synchronizedList(new ArrayList<>());
    private volatile RedisNode redis;
    private volatile SqsNode sqs;
    /** Where the queue service listens (known before it starts), or null without queues. */
    private volatile InetSocketAddress sqsAt;
    /** Completes when the queue service is up with its queues (instances start before: their links wait for it). */
    private volatile CompletableFuture<Void> sqsStarted = CompletableFuture.completedFuture(null);
    /**
     * Completes when the boot's read replicas stream and the reader links point at them (instances start once the
     * primary is up: their reader links hold connections until then).
     */
    private volatile CompletableFuture<Void> replicasStarted = CompletableFuture.completedFuture(null);
    private final Map<String, AppInstance> instances = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile AlbSimulator alb;
    private volatile dev.firedrill.harness.trace.TraceCollector traces;
    private volatile Endpoints endpoints;
    private volatile boolean closed;
    private volatile EmbeddedFaults faults;
    private final Map<String, String> targetGroups = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile dev.firedrill.harness.fleet.FleetManager fleetManager;
    private volatile dev.firedrill.harness.fault.FaultApiHandler faultApi;
    private final Nodes nodes;

    private EmbeddedDeployment(Topology topology, Path runDir, Nodes nodes) {
        this.nodes = nodes;
        this.topology = topology;
        this.runDir = runDir;
        this.rules = new SecurityGroupRules(topology);
        this.links = new LinkRegistry(topology.name().hashCode());
        topology.components().forEach(c -> specs.put(c.name(), c));
    }

    static EmbeddedDeployment start(Topology topology, ProgressListener progress) {
        return start(topology, progress, new LocalNodes());
    }

    /**
     * Brings {@code topology} up with its components run by {@code nodes} (the containers backend passes its own);
     * on failure everything started is stopped, {@code nodes} closed, and the exception rethrown.
     */
    public static EmbeddedDeployment start(Topology topology, ProgressListener progress, Nodes nodes) {
        if (topology.loadBalancer() != null && topology.loadBalancer().listenerPort() != 0
                && Ports.isTaken(topology.loadBalancer().listenerPort())) {
            throw new ProvisioningException(topology.loadBalancer().name(), "listener port "
                    + topology.loadBalancer().listenerPort() + " on 127.0.0.1 is already taken; stop what uses it "
                    + "(ss -ltnp 'sport = :" + topology.loadBalancer().listenerPort() + "') or set "
                    + "loadBalancer.listenerPort to another port, or to 0 for any free port");
        }
        List<Path> swept = RunDirectories.sweepStale();
        if (!swept.isEmpty()) {
            progress.step("swept " + swept.size() + " stale run(s) left by a killed harness: " + swept);
        }
        EmbeddedDeployment d;
        try {
            d = new EmbeddedDeployment(topology, RunDirectories.create(topology.name()), nodes);
        } catch (RuntimeException e) {
            nodes.close();
            throw e;
        }
        try {
            nodes.prepare(progress);
            d.boot(progress);
            return d;
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    private void boot(ProgressListener progress) {
        ExecutorService pool = Executors.newFixedThreadPool(6, r -> {
            Thread t = new Thread(r, "firedrill-boot");
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<Void> sqsF = CompletableFuture.completedFuture(null);
        CompletableFuture<Void> albF = CompletableFuture.completedFuture(null);
        CompletableFuture<Void> dbF = CompletableFuture.completedFuture(null);
        try {
            if (!topology.queues().isEmpty()) {
                sqsAt = nodes.placeQueue();
                sqsF = CompletableFuture.runAsync(() -> startSqs(progress), pool);
                sqsStarted = sqsF;
            }
            CompletableFuture<Void> primaryUp = new CompletableFuture<>();
            if (topology.database() != null) {
                dbF = CompletableFuture.runAsync(() -> startDatabase(progress, primaryUp), pool);
                dbF.whenComplete((v, e) -> {
                    if (e != null) {
                        primaryUp.completeExceptionally(e);
                    }
                });
                replicasStarted = dbF;
            } else {
                primaryUp.complete(null);
            }
            CompletableFuture<Void> redisF = topology.cache() == null ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.runAsync(() -> startRedis(progress), pool);
            CompletableFuture<Void> appsF = topology.fleet() == null || topology.fleet().count() == 0
                    ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.runAsync(() -> nodes.prepareApps(topology.fleet().appOf(topology.fleet().version())
                            .stream().toList(), progress), pool);
            // ElasticMQ is the data tier's slowest part (0.7 s, 2 s on a busy machine): the instances do not wait
            // for it. Their SQS links hold connections until it is up, and their queue URLs are known in advance.
            // Nor do they wait for the read replicas: their reader links hold connections until those stream.
            join(CompletableFuture.allOf(primaryUp, redisF, appsF));
            if (dbF.isCompletedExceptionally()) {
                join(dbF); // a replica already failed: start no instance
            }
            startTraces(progress);
            // the ALB's servers start while the instances do; targets are registered once they answer
            if (topology.loadBalancer() != null) {
                albF = CompletableFuture.runAsync(this::createLoadBalancer, pool);
            }
            startFleet(progress, pool);
            join(dbF);
            join(sqsF);
            join(albF);
            startLoadBalancer(progress);
            if (alb != null && topology.fleet() != null) {
                fleetManager = dev.firedrill.harness.fleet.FleetManager.start(new EmbeddedFleet(this));
                if (fleetManager.autoScaling()) {
                    var a = topology.fleet().autoScaling();
                    progress.componentReady("asg", "Auto Scaling group " + topology.fleet().name() + ": desired "
                            + topology.fleet().count() + ", min " + a.min() + ", max " + a.max() + ", "
                            + a.healthCheckType() + " health checks" + (a.targetTracking() == null ? ""
                            : ", target tracking " + a.targetTracking().metric().id() + " "
                            + a.targetTracking().targetValue()), Duration.ZERO);
                }
            }
            faultApi = new dev.firedrill.harness.fault.FaultApiHandler(faults());
            control = ToxiproxyApi.start(links, 0, fleetManager == null ? faultApi
                    : new org.eclipse.jetty.server.Handler.Sequence(new dev.firedrill.harness.fleet.FleetApiHandler(
                            fleetManager), faultApi));
            progress.componentReady("control", "Toxiproxy-compatible API on " + control.uri() + " ("
                    + links.links().size() + " links)", Duration.ZERO);
            endpoints = buildEndpoints();
        } catch (RuntimeException e) {
            // ElasticMQ or the ALB may still be starting: let them finish so that close() finds, and stops, them
            CompletableFuture.allOf(sqsF, albF, dbF).handle((v, x) -> null).join();
            throw e;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void join(CompletableFuture<?> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new FiredrillException("startup failed: " + e.getCause(), e.getCause());
        }
    }

    private void startSqs(ProgressListener progress) {
        long t0 = System.nanoTime();
        InetSocketAddress at = sqsAt;
        Link client = link(CLIENT, "sqs", at, null);
        sqs = nodes.startSqs(at, client.listenAddress().getPort(), topology.region());
        Map<String, String> urls = sqs.createQueues(topology.queues(), topology.timeScale());
        String told = "http://" + hostPort(client.listenAddress());
        Map<String, String> expected = expectedQueueUrls(told);
        if (!rewriteQueueUrls(urls, told).equals(expected)) {
            throw new ProvisioningException("sqs", "the queue service created " + urls + ", not the URLs instances "
                    + "were given (" + expected + "); this is a firedrill bug, please report it");
        }
        progress.componentReady("sqs", "ElasticMQ on " + hostPort(at) + ", queues " + String.join(", ", urls.keySet())
                + nodes.describe(sqs.process()), since(t0));
    }

    private void startDatabase(ProgressListener progress, CompletableFuture<Void> primaryUp) {
        long t0 = System.nanoTime();
        String primaryName = topology.database().name() + "-primary";
        primary = nodes.startPrimary(primaryName, runDir);
        progress.componentReady(primaryName, "PostgreSQL 17 primary on " + hostPort(primary.address())
                + nodes.describe(primary.process()), since(t0));
        primaryUp.complete(null);
        List<PostgresServer> started = new ArrayList<>();
        for (int i = 0; i < topology.database().replicas(); i++) {
            long t1 = System.nanoTime();
            String name = topology.database().name() + "-replica-" + (i + 1);
            Link repl = link(name, primaryName, primary.address(), null);
            try {
                started.add(nodes.startReplica(name, primary, linkHost(repl), repl.listenAddress().getPort(), runDir));
            } catch (RuntimeException e) {
                replicas.addAll(started); // so that close() stops the ones already running
                Optional<String> denial = repl.securityGroupDenial();
                throw e instanceof ProvisioningException && denial.isPresent() ? new ProvisioningException(name,
                        "cannot stream from " + primaryName + " because the security groups deny it: "
                        + denial.get(), e) : e;
            }
            progress.componentReady(name, "streaming replica on " + hostPort(started.get(i).address()) + " (from "
                    + primaryName + " through link " + repl.name() + ")" + nodes.describe(started.get(i).process()),
                    since(t1));
        }
        synchronized (this) {
            // instances created meanwhile have reader links to the primary, holding until this future completes
            replicas.addAll(started);
            pointReaderLinksAtReplicas();
        }
        link(CLIENT, "db-writer", primary.address(), null);
        link(CLIENT, "db-reader", readerTargetsOrPrimary(), null);
    }

    private void startRedis(ProgressListener progress) {
        long t0 = System.nanoTime();
        redis = nodes.startRedis(topology.cache().name(), runDir);
        link(CLIENT, topology.cache().name(), redis.address(), null);
        progress.componentReady(topology.cache().name(), "Redis on " + hostPort(redis.address())
                + nodes.describe(redis.process()), since(t0));
    }

    private void startFleet(ProgressListener progress, ExecutorService pool) {
        if (topology.fleet() == null || topology.fleet().count() == 0) {
            return;
        }
        long t0 = System.nanoTime();
        List<AppInstance> started = new ArrayList<>();
        for (ComponentSpec c : topology.components()) {
            if (c.kind() != ComponentKind.APP_INSTANCE) {
                continue;
            }
            AppInstance inst = newInstance(c, topology.fleet().version());
            instances.put(c.name(), inst);
            inst.start();
            started.add(inst);
        }
        Duration timeout = Duration.ofSeconds(90);
        String healthPath = topology.loadBalancer() == null ? "/health" : topology.loadBalancer().healthCheck().path();
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (AppInstance inst : started) {
            waits.add(CompletableFuture.runAsync(() -> {
                long t1 = System.nanoTime();
                inst.awaitHealthy(healthPath, timeout);
                progress.componentReady(inst.name(), "app in " + inst.az() + " on " + hostPort(inst.address())
                        + nodes.describe(inst.process()), Duration.ofNanos(System.nanoTime() - t0));
            }, pool));
        }
        // a queue service or replica that failed to start fails the boot now, not after the instances' health timeout
        CompletableFuture<Void> sqsFailed = sqsStarted.thenCompose(v -> new CompletableFuture<Void>());
        CompletableFuture<Void> replicasFailed = replicasStarted.thenCompose(v -> new CompletableFuture<Void>());
        join(CompletableFuture.anyOf(CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)), sqsFailed,
                replicasFailed));
    }

    /**
     * An instance of {@code release} for component {@code c} (not started): its links to the data tier (security
     * groups enforced) and the env contract, plus the release's env and {@code APP_VERSION}.
     */
    synchronized AppInstance newInstance(ComponentSpec c, String release) {
        var fleet = topology.fleet();
        dev.firedrill.harness.topology.AppSpec app = fleet.appOf(release).orElseThrow(() ->
                new dev.firedrill.harness.TopologyException("fleet.version", "release '" + release
                        + "' does not exist; releases: " + fleet.releaseNames()));
        String writer = null;
        String reader = null;
        if (primary != null) {
            writer = jdbc(link(c.name(), "db-writer", primary.address(), primarySpec()));
            Link l = link(c.name(), "db-reader", readerTargetsOrPrimary(), readerSpec());
            CompletableFuture<Void> started = replicasStarted;
            if (!started.isDone()) {
                l.holdUntil(started); // started while the boot's replicas start: they become its upstreams
            }
            reader = jdbc(l);
        }
        String redisUrl = null;
        if (redis != null) {
            Link l = link(c.name(), topology.cache().name(), redis.address(), specs.get(topology.cache().name()));
            redisUrl = "redis://" + hostPort(l.listenAddress());
        }
        String sqsEndpoint = null;
        Map<String, String> queueUrls = Map.of();
        if (sqsAt != null) {
            Link l = link(c.name(), "sqs", sqsAt, null);
            CompletableFuture<Void> started = sqsStarted;
            if (!started.isDone()) {
                l.holdUntil(started); // started with the fleet while the queue service starts (boot)
            }
            sqsEndpoint = "http://" + hostPort(l.listenAddress());
            queueUrls = expectedQueueUrls(sqsEndpoint);
        }
        InetSocketAddress at = nodes.placeInstance(c.name(), app);
        int port = at.getPort();
        Map<String, String> env = EnvContract.of(port, c.name(), c.az(), writer, reader,
                primary == null ? null : primary.user(), primary == null ? null : primary.password(), redisUrl,
                sqsEndpoint, queueUrls, topology.region(), app.env());
        if (traces != null) {
            String endpoint = traces.endpoint().toString();
            if (!nodes.componentSide().isLoopbackAddress()) {
                // a container cannot reach the harness's 127.0.0.1: its spans go through a link on the gateway
                java.net.URI u = traces.endpoint();
                Link l = link(c.name(), "traces", new InetSocketAddress(u.getHost(), u.getPort()), null);
                endpoint = "http://" + hostPort(l.listenAddress());
            }
            env = EnvContract.withTracing(env, endpoint, fleet.name(), traces.sampling());
        }
        return nodes.newInstance(c, app, release, at, env, runDir);
    }

    /** The trace collector, before the fleet so every instance gets its endpoint; nothing when tracing is off. */
    private void startTraces(ProgressListener progress) {
        var t = topology.tracing();
        if (!t.enabled()) {
            return;
        }
        long t0 = System.nanoTime();
        traces = dev.firedrill.harness.trace.TraceCollector.start(dev.firedrill.harness.trace.TailSampling.defaults()
                .withKeepFraction(t.keepFraction()).withSlow(t.slow()));
        progress.componentReady("traces", "OTLP/HTTP receiver on " + traces.endpoint() + " (keeps failed, slow ≥ "
                + t.slow().toMillis() + " ms, " + Math.round(t.keepFraction() * 100) + " % of the rest)", since(t0));
    }

    private void createLoadBalancer() {
        AlbConfig config = AlbConfig.of(topology.loadBalancer(), topology.timeScale());
        alb = traces == null ? AlbSimulator.start(config) : AlbSimulator.start(config, traces);
    }

    /** Registers the instances with the ALB ({@link #createLoadBalancer}) and waits for their first health checks. */
    private void startLoadBalancer(ProgressListener progress) {
        if (topology.loadBalancer() == null) {
            return;
        }
        long t0 = System.nanoTime();
        var lb = topology.loadBalancer();
        ComponentSpec albSpec = specs.get(lb.name());
        for (AppInstance inst : instances.values()) {
            Link l = link(lb.name(), inst.name(), inst.address(), specs.get(inst.name()));
            alb.register(inst.name(), l.listenAddress(), inst.az());
        }
        if (albSpec != null && !instances.isEmpty()) {
            progress.step("waiting for the first health checks of " + instances.size() + " targets");
            awaitTargetsInService(Duration.ofSeconds(30));
        }
        progress.componentReady(lb.name(), "ALB simulator on " + alb.url() + " (" + instances.size() + " targets, "
                + lb.algorithm().id() + ")", since(t0));
    }

    /**
     * Waits until every target left {@code initial}: healthy, or unhealthy (then the ALB fails open or
     * routes around it, as AWS would). A target stuck in {@code initial} past the timeout is an error.
     */
    private void awaitTargetsInService(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, TargetHealth> h = alb.targetHealth();
            if (h.values().stream().allMatch(t -> t.state() == TargetState.HEALTHY)) {
                return;
            }
            sleep(10);
        }
        throw new ProvisioningException(topology.loadBalancer().name(), "targets did not become healthy within "
                + timeout.toSeconds() + " s: " + alb.targetHealth());
    }

    private Endpoints buildEndpoints() {
        String writer = primary == null ? null : jdbc(links.get(linkName(CLIENT, "db-writer")));
        String reader = primary == null ? null : jdbc(links.get(linkName(CLIENT, "db-reader")));
        String redisUrl = redis == null ? null
                : "redis://" + hostPort(links.get(linkName(CLIENT, topology.cache().name())).listenAddress());
        String sqsEndpoint = sqs == null ? null
                : "http://" + hostPort(links.get(linkName(CLIENT, "sqs")).listenAddress());
        List<ComponentInfo> comps = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        Map<String, ComponentSpec> specs = specs();
        if (primary != null) {
            comps.add(new ComponentInfo(primary.name(), ComponentKind.DB_PRIMARY.id(), specs.get(primary.name()).az(),
                    primary.pid(), hostPort(primary.address()), nodes.containerOf(primary.process())));
            for (PostgresServer r : replicas) {
                comps.add(new ComponentInfo(r.name(), ComponentKind.DB_REPLICA.id(), specs.get(r.name()).az(), r.pid(),
                        hostPort(r.address()), nodes.containerOf(r.process())));
            }
        }
        if (redis != null) {
            comps.add(new ComponentInfo(redis.name(), ComponentKind.CACHE.id(), specs.get(redis.name()).az(),
                    redis.process().pid(), hostPort(redis.address()), nodes.containerOf(redis.process())));
        }
        if (sqs != null) {
            comps.add(new ComponentInfo("sqs", ComponentKind.QUEUE.id(), "regional", sqs.process() == null ? self
                    : sqs.process().pid(), sqs.host() + ":" + sqs.port(), nodes.containerOf(sqs.process())));
        }
        for (AppInstance i : instances.values()) {
            comps.add(new ComponentInfo(i.name(), ComponentKind.APP_INSTANCE.id(), i.az(),
                    i.process() == null ? null : i.process().pid(),
                    hostPort(i.address()), nodes.containerOf(i.process())));
        }
        if (alb != null) {
            comps.add(new ComponentInfo(topology.loadBalancer().name(), ComponentKind.LOAD_BALANCER.id(), "multi-az",
                    self, "127.0.0.1:" + alb.port()));
        }
        return new Endpoints(alb == null ? null : "http://127.0.0.1:" + alb.port(), writer, reader,
                primary == null ? null : primary.user(), primary == null ? null : primary.password(), redisUrl,
                sqsEndpoint, sqs == null ? Map.of() : rewriteQueueUrls(sqs.queueUrls(), sqsEndpoint),
                control == null ? null : control.uri().toString().replaceAll("/$", ""), comps);
    }

    /** Creates the link for edge {@code source → target}, enforcing security groups when {@code targetSpec} is given. */
    private Link link(String source, String target, Object upstreams, ComponentSpec targetSpec) {
        String name = linkName(source, target);
        @SuppressWarnings("unchecked")
        List<InetSocketAddress> ups = upstreams instanceof InetSocketAddress a ? List.of(a)
                : (List<InetSocketAddress>) upstreams;
        boolean harnessSide = source.equals(CLIENT) || topology.loadBalancer() != null
                && source.equals(topology.loadBalancer().name());
        Link l = links.open(name, ups, harnessSide ? Ports.LOOPBACK : nodes.componentSide(), 0);
        ComponentSpec sourceSpec = specs.get(source);
        ComponentSpec ts = targetSpec != null ? targetSpec : source.equals(CLIENT) ? null : specs.get(target);
        if (sourceSpec != null && ts != null) {
            rules.missingRule(sourceSpec, ts).ifPresent(rule -> {
                LOG.warn("security groups deny {}: {}", name, rule);
                l.denyBySecurityGroup(rule);
            });
        }
        return l;
    }

    /** Link names are {@code source_target}, e.g. {@code app-1_db-writer}, {@code alb_app-2}. */
    public static String linkName(String source, String target) {
        return source + "_" + target;
    }

    private ComponentSpec primarySpec() {
        return specs.get(primary.name());
    }

    private ComponentSpec readerSpec() {
        List<PostgresServer> rs = replicas();
        if (rs.isEmpty() && !replicasStarted.isDone() && topology.database().replicas() > 0) {
            return specs.get(topology.database().name() + "-replica-1"); // the boot's first, still starting
        }
        return rs.isEmpty() ? primarySpec() : specs.get(rs.get(0).name());
    }

    private List<InetSocketAddress> readerTargetsOrPrimary() {
        if (replicas.isEmpty()) {
            return List.of(primary.address());
        }
        return replicas.stream().map(PostgresServer::address).toList();
    }

    /** The URLs of the topology's queues behind {@code endpoint}: ElasticMQ's {@code /000000000000/NAME}. */
    private Map<String, String> expectedQueueUrls(String endpoint) {
        Map<String, String> out = new LinkedHashMap<>();
        topology.queues().forEach(q -> out.put(q.name(), endpoint + "/000000000000/" + q.name()));
        return out;
    }

    private static Map<String, String> rewriteQueueUrls(Map<String, String> urls, String endpoint) {
        Map<String, String> out = new LinkedHashMap<>();
        urls.forEach((k, v) -> out.put(k, endpoint + v.substring(v.indexOf('/', v.indexOf("//") + 2))));
        return out;
    }

    private static String jdbc(Link l) {
        return "jdbc:postgresql://" + hostPort(l.listenAddress()) + "/" + DATABASE;
    }

    /** {@code 127.0.0.1:5432}: the address as a literal (never a resolved host name). */
    static String hostPort(InetSocketAddress a) {
        return (a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress()) + ":" + a.getPort();
    }

    /** The host part of a link's address, as a component reaches it. */
    private static String linkHost(Link l) {
        return l.listenAddress().getAddress().getHostAddress();
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FiredrillException("interrupted");
        }
    }

    /**
     * Launches a new instance of {@code release} in {@code subnet} (named after the fleet with the next unused
     * number), starts it and registers it with the ALB in {@code targetGroup}; does not wait for its health.
     */
    synchronized AppInstance launchInstance(String release, String subnet, String targetGroup) {
        if (closed) {
            throw new FiredrillException("the deployment is closed: no instance is launched");
        }
        var fleet = topology.fleet();
        ComponentSpec spec;
        synchronized (specs) {
            int n = 1;
            while (specs.containsKey(fleet.name() + "-" + n) || java.nio.file.Files.exists(runDir.resolve(fleet.name()
                    + "-" + n + ".log"))) {
                n++;
            }
            spec = new ComponentSpec(fleet.name() + "-" + n, ComponentKind.APP_INSTANCE, topology.vpc().subnet(subnet)
                    .az(), subnet, fleet.securityGroup(), topology.loadBalancer() == null ? 8080
                    : topology.loadBalancer().targetPort());
            specs.put(spec.name(), spec);
        }
        AppInstance inst = newInstance(spec, release);
        instances.put(spec.name(), inst);
        inst.start();
        if (alb != null) {
            Link l = link(topology.loadBalancer().name(), spec.name(), inst.address(), spec);
            alb.register(spec.name(), l.listenAddress(), spec.az(), targetGroup);
        }
        targetGroups.put(spec.name(), targetGroup);
        return inst;
    }

    /** Stops {@code id} for good and forgets it: its process, links, component spec and ALB target. */
    void terminateInstance(String id) {
        AppInstance inst = instances.remove(id);
        if (inst == null) {
            return;
        }
        inst.terminate();
        if (alb != null && alb.targetHealth().containsKey(id)
                && alb.targetHealth().get(id).state() != TargetState.DRAINING) {
            try {
                alb.deregister(id);
            } catch (RuntimeException e) {
                LOG.debug("deregister {}: {}", id, e.getMessage());
            }
        }
        for (Link l : links.links()) {
            if (l.name().startsWith(id + "_") || l.name().endsWith("_" + id)) {
                links.remove(l.name());
            }
        }
        synchronized (specs) {
            specs.remove(id);
        }
    }

    /** The target group each instance was registered in. */
    String targetGroupOf(String id) {
        return targetGroups.getOrDefault(id, AlbSimulator.DEFAULT_TARGET_GROUP);
    }

    /**
     * The fleet's Auto Scaling group and deployments; empty without a fleet or a load balancer (a deployment drains
     * through the ALB).
     */
    @Override
    public Optional<dev.firedrill.harness.fleet.FleetManager> fleet() {
        return Optional.ofNullable(fleetManager);
    }

    // ---- handles for faults, samplers and tests ----

    @Override
    public Topology topology() {
        return topology;
    }

    @Override
    public Endpoints endpoints() {
        return endpoints == null ? null : buildEndpoints();
    }

    /** The fault ability of this deployment. */
    @Override
    public EmbeddedFaults faults() {
        EmbeddedFaults f = faults;
        if (f == null) {
            synchronized (this) {
                if (faults == null) {
                    faults = new EmbeddedFaults(this, topology.name().hashCode());
                }
                f = faults;
            }
        }
        return f;
    }

    /**
     * The component specs by name (placement, security group), including replicas rebuilt after failovers, in
     * the topology's order (rebuilt replicas last): seeded choices depend on it.
     */
    public Map<String, ComponentSpec> specs() {
        synchronized (specs) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(specs));
        }
    }

    /**
     * What faults can hit now: the servers that are primary and replicas right now (not a replica still being
     * rebuilt), the other components, and the edges that have a link.
     */
    Targets targets() {
        List<Edge> edges = new ArrayList<>();
        for (Link l : links.links()) {
            String n = l.name();
            int i = n.indexOf('_');
            edges.add(new Edge(n.substring(0, i), n.substring(i + 1)));
        }
        Map<String, ComponentSpec> all = specs();
        List<ComponentSpec> components = new ArrayList<>();
        PostgresServer p = primary;
        if (p != null && all.containsKey(p.name())) {
            components.add(all.get(p.name()));
        }
        for (PostgresServer r : replicas()) {
            if (all.containsKey(r.name())) {
                components.add(all.get(r.name()));
            }
        }
        all.values().stream().filter(c -> c.kind() != ComponentKind.DB_PRIMARY && c.kind() != ComponentKind.DB_REPLICA)
                .forEach(components::add);
        return new Targets(components, edges, topology.vpc().azs());
    }

    /** Replicas whose spec exists but whose server is not streaming yet (rebuilt after a failover). */
    List<String> rebuilding() {
        List<String> running = replicas().stream().map(PostgresServer::name).toList();
        return specs().values().stream().filter(c -> c.kind() == ComponentKind.DB_REPLICA)
                .map(ComponentSpec::name).filter(n -> !running.contains(n)).toList();
    }

    @Override
    public List<Probe> probes() {
        List<Probe> out = new ArrayList<>();
        if (primary != null) {
            out.add(new ReplicationProbe(this::primary, this::replicas, DATABASE));
        }
        if (alb != null) {
            out.add(new TargetHealthProbe(alb));
        }
        if (sqs != null) {
            out.add(new QueueProbe(sqs.queueUrls(), sqs.client()));
        }
        return out;
    }

    /** Waits until every standby has replayed the primary's current WAL position (final reads see everything). */
    @Override
    public boolean awaitReplicasCaughtUp(Duration timeout) {
        if (topology.database() == null || replicas().isEmpty()) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            PostgresServer p = primary;
            try (java.sql.Connection c = p.connect(DATABASE); java.sql.Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE replay_lsn >= "
                         + "pg_current_wal_lsn()) FROM pg_stat_replication")) {
                rs.next();
                if (rs.getInt(1) >= replicas().size() && rs.getInt(1) == rs.getInt(2)) {
                    return true;
                }
            } catch (Exception e) {
                // primary restarting: try again
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** ElasticMQ, like SQS, keeps the visibility timeout in whole seconds of the scaled value. */
    @Override
    public Duration queueRedelivery() {
        Duration visibility = topology.queues().stream().map(q -> q.visibilityTimeout()).max(Duration::compareTo)
                .orElse(Duration.ZERO);
        return Duration.ofSeconds(SqsNode.visibilitySeconds(visibility, topology.timeScale()));
    }

    /**
     * Makes {@code promoted} the primary: flips every writer endpoint link to it and cuts their
     * connections (clients reconnect to the new primary), points reader links at the remaining
     * replicas (or the new primary when none is left) and drops the promoted replica's replication link.
     * {@code label} names the fault in the cut connections' flow records.
     */
    synchronized void becomePrimary(PostgresServer promoted, PostgresServer old, String label) {
        String oldName = old.name();
        primary = promoted;
        replicas.remove(promoted);
        synchronized (specs) {
            ComponentSpec ps = specs.get(promoted.name());
            specs.put(promoted.name(), new ComponentSpec(ps.name(), ComponentKind.DB_PRIMARY, ps.az(), ps.subnet(),
                    ps.securityGroup(), ps.port()));
            specs.remove(oldName);
        }
        for (Link l : links.links()) {
            if (l.name().endsWith("_db-writer")) {
                l.setUpstreams(List.of(promoted.address()));
                l.cutConnections(label);
            } else if (l.name().endsWith("_db-reader")) {
                l.setUpstreams(readerTargetsOrPrimary());
            }
        }
        links.remove(linkName(promoted.name(), oldName));
        for (PostgresServer r : replicas()) {
            // remaining replicas stream from the old primary's link: repoint them at the new primary
            links.find(linkName(r.name(), oldName)).ifPresent(l -> l.setUpstreams(List.of(promoted.address())));
        }
    }

    /** Creates a fresh streaming replica of the current primary, placed in {@code subnet}, and adds it to the reader endpoint. */
    synchronized PostgresServer addReplica(String subnet) {
        int n = 1;
        // a name not used before in this run: a failed-over primary's data dir keeps its name
        while (specs.containsKey(topology.database().name() + "-replica-" + n)
                || java.nio.file.Files.exists(runDir.resolve(topology.database().name() + "-replica-" + n))) {
            n++;
        }
        String name = topology.database().name() + "-replica-" + n;
        String az = topology.vpc().subnet(subnet).az();
        ComponentSpec spec = new ComponentSpec(name, ComponentKind.DB_REPLICA, az, subnet,
                topology.database().securityGroup(), topology.database().port());
        synchronized (specs) {
            specs.put(name, spec);
        }
        PostgresServer p = primary;
        PostgresServer r;
        try {
            Link repl = link(name, p.name(), p.address(), specs.get(p.name()));
            r = nodes.startReplica(name, p, linkHost(repl), repl.listenAddress().getPort(), runDir);
        } catch (RuntimeException e) {
            synchronized (specs) {
                specs.remove(name); // not a component: nothing waits for it, nothing targets it
            }
            links.remove(linkName(name, p.name()));
            throw e;
        }
        replicas.add(r);
        pointReaderLinksAtReplicas();
        return r;
    }

    /** Every reader endpoint link (an instance's or the client's) gets the current replicas, or the primary. */
    private void pointReaderLinksAtReplicas() {
        for (Link l : links.links()) {
            if (l.name().endsWith("_db-reader")) {
                l.setUpstreams(readerTargetsOrPrimary());
            }
        }
    }

    @Override
    public Path runDir() {
        return runDir;
    }

    @Override
    public String backend() {
        return nodes.backend();
    }

    /** Every link by name ({@code source_target}). */
    public Map<String, Link> links() {
        Map<String, Link> out = new LinkedHashMap<>();
        links.links().forEach(l -> out.put(l.name(), l));
        return out;
    }

    /** The registry of every link, as served by the control API. */
    public LinkRegistry linkRegistry() {
        return links;
    }

    /** The link for an edge, e.g. {@code link("app-1", "db-writer")}. */
    public Link link(String source, String target) {
        return links.get(linkName(source, target));
    }

    public PostgresServer primary() {
        return primary;
    }

    public List<PostgresServer> replicas() {
        synchronized (replicas) {
            return List.copyOf(replicas);
        }
    }

    public RedisNode redis() {
        return redis;
    }

    public SqsNode sqs() {
        return sqs;
    }

    /** The app instances by name, in the topology's order. */
    public Map<String, AppInstance> instances() {
        synchronized (instances) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(instances));
        }
    }

    public AlbSimulator alb() {
        return alb;
    }

    /**
     * The stack's trace collector: the apps' spans (OTLP) and the ALB's, tail-sampled; read them with
     * {@code traces().spans(sinceEpochNanos)} after {@code flush()}. Null when the topology's tracing is off.
     */
    public dev.firedrill.harness.trace.TraceCollector traces() {
        return traces;
    }

    /**
     * The spans of the collector (flushed first, so traces still being decided are decided now) and the links'
     * flow records.
     */
    @Override
    public dev.firedrill.harness.backend.Telemetry telemetry() {
        return new dev.firedrill.harness.backend.Telemetry() {
            @Override
            public List<dev.firedrill.harness.trace.Span> spans(long sinceEpochNanos) {
                var t = traces;
                if (t == null) {
                    return List.of();
                }
                t.flush();
                return t.spans(sinceEpochNanos);
            }

            @Override
            public List<dev.firedrill.harness.net.FlowRecord> flows(long sinceEpochNanos) {
                return linkRegistry().flows(sinceEpochNanos);
            }
        };
    }

    /** Stops everything in reverse order and removes the run directory. Idempotent, never throws. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (faultApi != null) {
            faultApi.close();
        }
        if (faults != null) {
            faults.shutdown(); // no heals: everything is being torn down anyway
        }
        if (fleetManager != null) {
            fleetManager.close(); // before the instances stop: the group must not replace them
        }
        quietly(() -> control);
        quietly(() -> alb);
        // SIGTERM every instance at once so their graceful shutdowns overlap, then wait for each
        for (AppInstance i : instances().values()) {
            if (i.isAlive()) {
                i.process().signal("CONT");
                i.process().signal("TERM");
            }
        }
        for (AppInstance i : instances().values()) {
            quietly(() -> i);
        }
        for (Link l : links().values()) {
            quietly(() -> l);
        }
        quietly(() -> redis);
        for (PostgresServer r : replicas()) {
            quietly(() -> r);
        }
        quietly(() -> primary);
        quietly(() -> sqs);
        // last: the apps' final exports (at their shutdown) still arrive
        quietly(() -> traces);
        RunDirectories.killRecordedChildren(runDir);
        RunDirectories.deleteTree(runDir);
        nodes.close();
    }

    private static void quietly(Supplier<? extends AutoCloseable> c) {
        long t0 = System.nanoTime();
        AutoCloseable a = null;
        try {
            a = c.get();
            if (a != null) {
                a.close();
            }
        } catch (Exception e) {
            LOG.debug("while closing", e);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (ms >= 1_000) {
            LOG.info("teardown: closing {} took {} ms", a, ms);
        }
    }
}
