package dev.firedrill.harness.lb.internal;

import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.internal.Ports;
import dev.firedrill.harness.lb.AlbConfig;
import dev.firedrill.harness.lb.AlbSimulator;
import dev.firedrill.harness.lb.AlbStats;
import dev.firedrill.harness.lb.HealthListener;
import dev.firedrill.harness.lb.HealthTransition;
import dev.firedrill.harness.lb.TargetHealth;
import dev.firedrill.harness.lb.TargetState;
import dev.firedrill.harness.trace.SpanSink;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AlbSimulator} implementation: the listener's own HTTP/1.1 forwarding path ({@link ProxyListener}: one
 * selector thread per core, pooled keep-alive connections to targets), a Jetty client for health checks and one
 * scheduler thread.
 */
public final class RunningAlb implements AlbSimulator {
    private static final Logger LOG = LoggerFactory.getLogger(RunningAlb.class);
    /** AWS: connecting to a target times out after 10 s (ELB troubleshooting, "HTTP 504"). */
    private static final Duration AWS_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final AlbConfig config;
    private final TargetGroups groups;
    private final StatsRecorder stats = new StatsRecorder();
    private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor scheduler;
    private final HttpClient checkClient;
    private final HealthChecker checker;
    private final ProxyContext proxy;
    private ProxyListener listener;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RunningAlb(AlbConfig config, SpanSink spans) {
        this.config = config;
        this.groups = new TargetGroups(config.algorithm());
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "firedrill-alb-health");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        long connectMs = Math.max(250, config.scaled(AWS_CONNECT_TIMEOUT).toMillis());
        this.checkClient = newClient("firedrill-alb-check", connectMs, 64);
        this.checker = new HealthChecker(checkClient, scheduler, config.healthCheck(),
                config.scaled(config.healthCheck().interval()).toNanos(),
                config.scaled(config.healthCheck().timeout()).toNanos(), this::changed);

        long targetTimeoutNanos = config.scaled(config.targetTimeout()).toNanos();
        // Client keep-alive is not part of the rehearsal: never shorter than a request may legitimately take.
        long clientIdleNanos = Math.max(TimeUnit.SECONDS.toNanos(30), 2 * targetTimeoutNanos);
        this.proxy = new ProxyContext(groups, stats, spans == null ? null : new AlbTracer(spans, "alb"),
                targetTimeoutNanos, TimeUnit.MILLISECONDS.toNanos(connectMs), clientIdleNanos);
    }

    /** Starts a simulator; see {@link AlbSimulator#start(AlbConfig)}. */
    public static AlbSimulator start(AlbConfig config) {
        return start(config, null);
    }

    /** Starts a simulator that hands one span per request to {@code spans}; see {@code AlbSimulator.start(AlbConfig, SpanSink)}. */
    public static AlbSimulator start(AlbConfig config, SpanSink spans) {
        RunningAlb alb = new RunningAlb(config, spans);
        try {
            alb.listener = ProxyListener.open(Ports.LOOPBACK, config.listenPort(), alb.proxy);
            alb.checkClient.start();
            alb.checkClient.getContentDecoderFactories().clear();
        } catch (Exception e) {
            alb.close();
            throw new ProvisioningException("alb", "could not listen on 127.0.0.1:" + config.listenPort() + " ("
                    + Failures.describe(e) + "); pick another listenPort or 0 for any free port", e);
        }
        LOG.info("ALB simulator listening on {} ({})", alb.url(), config);
        return alb;
    }

    private static HttpClient newClient(String name, long connectMs, int maxConnectionsPerTarget) {
        QueuedThreadPool pool = new QueuedThreadPool(64, 2);
        pool.setName(name);
        pool.setDaemon(true);
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setExecutor(pool);
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setExecutor(pool);
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(null);
        client.getContentDecoderFactories().clear();
        client.setConnectTimeout(connectMs);
        client.setIdleTimeout(30_000);
        client.setMaxConnectionsPerDestination(maxConnectionsPerTarget);
        client.setMaxRequestsQueuedPerDestination(4096);
        return client;
    }

    @Override
    public URI url() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    @Override
    public int port() {
        return listener.port();
    }

    @Override
    public AlbConfig config() {
        return config;
    }

    @Override
    public synchronized void register(String targetId, InetSocketAddress address, String availabilityZone,
                                      String targetGroup) {
        requireOpen();
        if (targetId == null || targetId.isBlank()) {
            throw new TopologyException("alb.targets", "target id is blank; give each target a name like \"app-1\"");
        }
        if (address == null || address.isUnresolved()) {
            throw new TopologyException("alb.targets." + targetId, "address " + address
                    + " is missing or unresolved; use e.g. new InetSocketAddress(\"127.0.0.1\", port)");
        }
        Target existing = groups.get(targetId);
        if (existing != null && existing.state() != TargetState.DRAINING && existing.state() != TargetState.UNUSED) {
            throw new TopologyException("alb.targets." + targetId, "is already registered at " + existing.origin
                    + " in target group '" + existing.group.name + "' (" + existing.health.health()
                    + "); deregister it first or use another id");
        }
        Target t = new Target(targetId, address, availabilityZone == null ? "" : availabilityZone,
                groups.create(targetGroup), stats.target(targetId),
                new HealthStateMachine(config.healthCheck().healthyThreshold(), config.healthCheck().unhealthyThreshold()));
        groups.put(t);
        changed(t, new TargetHealth(TargetState.UNUSED, dev.firedrill.harness.lb.ReasonCode.TARGET_NOT_REGISTERED, ""),
                t.health.health());
        checker.start(t);
    }

    @Override
    public synchronized void deregister(String targetId) {
        requireOpen();
        Target t = groups.get(targetId);
        if (t == null) {
            throw new TopologyException("alb.targets", "no target '" + targetId + "' is registered; registered: "
                    + new TreeMap<>(groups.snapshot()).keySet());
        }
        if (t.state() == TargetState.DRAINING) {
            return;
        }
        t.stopChecks();
        TargetHealth before = t.health.drain();
        changed(t, before, t.health.health());
        // AWS completes deregistration early when nothing is in flight, but keeps showing `draining`
        // until the delay elapses (ELB user guide, "Deregistration delay"); we show the same.
        scheduler.schedule(() -> retire(t), config.scaled(config.deregistrationDelay()).toNanos(), TimeUnit.NANOSECONDS);
    }

    private void retire(Target t) {
        listener.retire(t);
        TargetHealth before = t.health.retire();
        if (groups.remove(t)) {
            changed(t, before, t.health.health());
        }
    }

    private void changed(Target t, TargetHealth before, TargetHealth after) {
        if (before.state() == after.state()) {
            return;
        }
        HealthTransition tr = new HealthTransition(t.id, before.state(), after.state(), after.reason(),
                after.description(), config.nanoClock().getAsLong());
        LOG.debug("target {}: {} -> {}", t.id, before, after);
        for (HealthListener l : listeners) {
            try {
                l.onTransition(tr);
            } catch (RuntimeException e) {
                LOG.warn("health listener {} failed on {}; ignored", l, tr, e);
            }
        }
    }

    @Override
    public Map<String, TargetHealth> targetHealth() {
        Map<String, TargetHealth> out = new TreeMap<>();
        groups.snapshot().forEach((id, t) -> out.put(id, t.health.health()));
        return Collections.unmodifiableMap(out);
    }

    @Override
    public synchronized void createTargetGroup(String name) {
        requireOpen();
        groups.create(name);
    }

    @Override
    public synchronized void forward(Map<String, Integer> weights) {
        requireOpen();
        Map<String, Integer> before = groups.weights();
        groups.forward(weights);
        LOG.debug("forward {} -> {}", before, groups.weights());
    }

    @Override
    public Map<String, Integer> forwardWeights() {
        return groups.weights();
    }

    @Override
    public Map<String, String> targetGroups() {
        return groups.groupsById();
    }

    @Override
    public void addListener(HealthListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public AlbStats stats() {
        return stats.snapshot();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdownNow();
        if (listener != null) {
            listener.close();
        }
        stopQuietly(checkClient);
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("ALB simulator on port " + port() + " is closed");
        }
    }

    private static void stopQuietly(org.eclipse.jetty.util.component.LifeCycle c) {
        try {
            c.stop();
        } catch (Exception e) {
            LOG.warn("stopping {} failed", c, e);
        }
    }

    @Override
    public String toString() {
        return "AlbSimulator{" + url() + ", targets=" + targetHealth() + "}";
    }
}
