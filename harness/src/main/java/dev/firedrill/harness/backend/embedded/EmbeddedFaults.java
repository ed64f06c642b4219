package dev.firedrill.harness.backend.embedded;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.backend.embedded.internal.AppInstance;
import dev.firedrill.harness.backend.embedded.internal.PostgresServer;
import dev.firedrill.harness.fault.ActiveFault;
import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.fault.FaultEvent;
import dev.firedrill.harness.fault.FaultInjector;
import dev.firedrill.harness.fault.FaultListener;
import dev.firedrill.harness.fault.FaultPhase;
import dev.firedrill.harness.fault.HealthReport;
import dev.firedrill.harness.fault.Selector;
import dev.firedrill.harness.net.BandwidthToxic;
import dev.firedrill.harness.net.BlockMode;
import dev.firedrill.harness.net.Link;
import dev.firedrill.harness.net.ToxicStream;
import dev.firedrill.harness.topology.ComponentSpec;
import dev.firedrill.harness.topology.FailoverProfile;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes {@link Fault}s on an {@link EmbeddedDeployment}. Every applied step pushes its undo; a
 * failure half-way rolls back what was done (nothing half-applied) and heals run in reverse order.
 */
public final class EmbeddedFaults implements FaultInjector {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFaults.class);

    private final EmbeddedDeployment d;
    private final SplittableRandom random;
    private final List<FaultListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Applied> active = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "firedrill-fault");
        t.setDaemon(true);
        return t;
    });

    EmbeddedFaults(EmbeddedDeployment deployment, long seed) {
        this.d = deployment;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void addListener(FaultListener listener) {
        listeners.add(listener);
    }

    private void emit(String id, Fault f, FaultPhase phase, String target, String detail) {
        emit(id, f, phase, target, detail, System.nanoTime());
    }

    private void emit(String id, Fault f, FaultPhase phase, String target, String detail, long nanos) {
        FaultEvent e = new FaultEvent(id, f.kind(), phase, target, nanos, detail);
        LOG.info("fault {} {} {} {} {}", id, f.kind(), phase, target, detail);
        for (FaultListener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException ex) {
                LOG.warn("fault listener failed", ex);
            }
        }
    }

    @Override
    public List<ActiveFault> active() {
        return active.stream().filter(a -> !a.isHealed()).map(a -> (ActiveFault) a).toList();
    }

    @Override
    public void check(Fault fault) {
        plan(fault);
    }

    /** Resolves targets and validates without touching anything. */
    private List<String> plan(Fault fault) {
        if (fault instanceof Fault.ToxicFault t) {
            return resolver().edgeLinks(t.edges());
        } else if (fault instanceof Fault.Partition p) {
            return resolver().partitionLinks(p);
        } else if (fault instanceof Fault.InstanceFault i) {
            if (d.instances().isEmpty()) {
                throw new FaultException("the topology has no app instances to " + i.kind());
            }
            return i.selector().resolve(instanceCandidates(), random.split());
        } else if (fault instanceof Fault.ReplicaLag r) {
            List<String> names = d.replicas().stream().map(PostgresServer::name).toList();
            if (names.isEmpty()) {
                throw new FaultException("replica-lag needs a read replica; the topology has none");
            }
            if (r.replica() != null && !names.contains(r.replica())) {
                throw new FaultException("unknown replica '" + r.replica() + "'; replicas: " + String.join(", ", names));
            }
            if (r.mode() == Fault.LagMode.APPLY_DELAY && (r.delay() == null || r.delay().isNegative())) {
                throw new FaultException("replica-lag --mode delay needs --delay with a positive duration");
            }
            if (r.mode() == Fault.LagMode.THROTTLE && r.rateKbPerSecond() < 0) {
                throw new FaultException("replica-lag --mode throttle needs --rate >= 0 (KB/s)");
            }
            return r.replica() == null ? names : List.of(r.replica());
        } else if (fault instanceof Fault.Failover f) {
            if (d.primary() == null) {
                throw new FaultException("failover needs a database");
            }
            if (d.replicas().isEmpty()) {
                throw new FaultException("failover needs a replica to promote; the topology has none");
            }
            return List.of(d.primary().name());
        } else if (fault instanceof Fault.CacheOutage c) {
            if (d.redis() == null) {
                throw new FaultException("the topology has no cache");
            }
            return List.of(d.redis().name());
        } else if (fault instanceof Fault.QueueOutage q) {
            if (d.sqs() == null) {
                throw new FaultException("the topology has no queues");
            }
            return linksTo("sqs");
        } else if (fault instanceof Fault.AzOutage a) {
            if (!d.topology().vpc().azs().contains(a.az())) {
                throw new FaultException("unknown AZ '" + a.az() + "'; AZs: " + String.join(", ",
                        d.topology().vpc().azs()));
            }
            return List.of(a.az());
                }
        throw new FaultException("unsupported fault " + fault.kind());
    }

    @Override
    public synchronized ActiveFault inject(Fault fault) {
        String id = "f" + ids.incrementAndGet();
        List<String> targets;
        try {
            targets = plan(fault);
        } catch (FaultException e) {
            emit(id, fault, FaultPhase.FAILED, fault.target(), e.getMessage());
            throw e;
        }
        Applied a = new Applied(id, fault, targets);
        emit(id, fault, FaultPhase.REQUESTED, String.join(",", targets), "");
        try {
            apply(a);
        } catch (RuntimeException e) {
            a.rollback();
            emit(id, fault, FaultPhase.FAILED, String.join(",", targets), "rolled back: " + e.getMessage());
            throw e instanceof FaultException fe ? fe : new FaultException(fault.kind() + " failed and was rolled back: "
                    + e.getMessage(), e);
        }
        active.add(a);
        if (!a.selfHealing) {
            emit(id, fault, FaultPhase.EFFECTIVE, String.join(",", targets), "");
        }
        return a;
    }

    private void apply(Applied a) {
        if (a.fault instanceof Fault.ToxicFault t) {
                for (String name : a.targets) {
                    Link l = d.linkRegistry().get(name);
                    if (l.toxic(t.toxic().name()).isPresent()) {
                        throw new FaultException("the same " + t.kind() + " fault is already active on " + name
                                + "; heal it first (./firedrill heal) or give other options");
                    }
                    l.addToxic(t.toxic());
                    a.undo(() -> l.removeToxic(t.toxic().name()));
                }
            
        } else if (a.fault instanceof Fault.Partition p) {
            block(a, a.targets, p.mode() == Fault.PartitionMode.REJECT ? BlockMode.REJECT
                    : BlockMode.BLACKHOLE);

        } else if (a.fault instanceof Fault.InstanceFault i) {
            instances(a, i.action());

        } else if (a.fault instanceof Fault.ReplicaLag r) {
            replicaLag(a, r);

        } else if (a.fault instanceof Fault.Failover f) {
            failover(a, f.profile(), true);

        } else if (a.fault instanceof Fault.CacheOutage c) {
                if (c.mode() == Fault.CacheMode.KILL) {
                    d.redis().process().kill();
                    a.undo(() -> d.redis().restart());
                } else {
                    block(a, linksTo(d.redis().name()).stream().filter(n -> !n.startsWith(EmbeddedDeployment.CLIENT))
                            .toList(), BlockMode.BLACKHOLE);
                }
            
        } else if (a.fault instanceof Fault.QueueOutage q) {
                List<String> names = linksTo("sqs").stream().filter(n -> !n.startsWith(EmbeddedDeployment.CLIENT))
                        .toList();
                if (q.mode() == Fault.QueueMode.BLACKHOLE) {
                    block(a, names, BlockMode.BLACKHOLE);
                } else {
                    SqsErrorServer errors = new SqsErrorServer();
                    a.undo(errors::close);
                    for (String n : names) {
                        Link l = d.linkRegistry().get(n);
                        List<InetSocketAddress> before = l.upstreams();
                        l.setUpstreams(List.of(errors.address()));
                        l.cutConnections();
                        a.undo(() -> {
                            l.setUpstreams(before);
                            l.cutConnections();
                        });
                    }
                }
            
        } else if (a.fault instanceof Fault.AzOutage z) {
            azOutage(a, z.az());
        }
    }

    private void block(Applied a, List<String> names, BlockMode mode) {
        for (String n : names) {
            Link l = d.linkRegistry().get(n);
            l.block(mode);
            a.undo(() -> l.block(BlockMode.NONE));
        }
    }

    private void instances(Applied a, Fault.InstanceAction action) {
        for (String name : a.targets) {
            AppInstance inst = d.instances().get(name);
            switch (action) {
                case KILL -> {
                    inst.process().kill();
                    a.undo(inst::start);
                }
                case STOP -> {
                    inst.process().stop(Duration.ofSeconds(30));
                    a.undo(inst::start);
                }
                case PAUSE -> {
                    inst.process().signal("STOP");
                    a.undo(() -> inst.process().signal("CONT"));
                }
                case RESTART -> {
                    inst.process().stop(Duration.ofSeconds(30));
                    inst.start();
                }
            }
        }
    }

    private void replicaLag(Applied a, Fault.ReplicaLag r) {
        for (String name : a.targets) {
            PostgresServer rep = d.replicas().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
            switch (r.mode()) {
                case PAUSE -> {
                    rep.pauseReplay();
                    a.undo(rep::resumeReplay);
                }
                case APPLY_DELAY -> {
                    rep.setApplyDelay(r.delay());
                    a.undo(() -> rep.setApplyDelay(Duration.ZERO));
                }
                case THROTTLE -> {
                    Link l = d.link(name, d.primary().name());
                    String toxic = "replica_lag_" + a.id;
                    l.addToxic(new BandwidthToxic(toxic, ToxicStream.DOWNSTREAM, 1.0, r.rateKbPerSecond()));
                    a.undo(() -> l.removeToxic(toxic));
                }
            }
        }
    }

    /**
     * Kills the primary; after the profile's detection delay (seeded, scaled) promotes a replica and
     * flips the writer endpoint, then rebuilds a replica in the background. The fault heals itself:
     * HEALED is emitted when writes can succeed again.
     */
    private void failover(Applied a, FailoverProfile requested, boolean ownEvents) {
        FailoverProfile profile = requested != null ? requested : d.topology().database().failoverProfile();
        PostgresServer old = d.primary();
        PostgresServer candidate = d.replicas().get(0);
        double ts = d.topology().timeScale();
        long minMs = profile.min().toMillis();
        long maxMs = profile.max().toMillis();
        long awsMs = minMs + (maxMs > minMs ? random.nextLong(maxMs - minMs + 1) : 0);
        long delayMs = Math.round(awsMs * ts);
        String oldSubnet = d.specs().get(old.name()).subnet();
        // the primary is down from the SIGKILL on; kill() then waits for its backends to exit, which under load
        // takes a while and must count neither into the event time nor into the detection delay
        long killedAt = System.nanoTime();
        a.selfHealing = ownEvents;
        // EFFECTIVE goes out (and into the history) right after the SIGKILL, not after the wait for the backends
        old.kill(() -> {
            if (ownEvents) {
                emit(a.id, a.fault, FaultPhase.EFFECTIVE, old.name(), "primary killed; failover in " + delayMs
                        + " ms (AWS-equivalent " + awsMs / 1000.0 + " s, profile " + profile.id() + ")", killedAt);
            }
        });
        Runnable promote = () -> {
            synchronized (a) {
                if (a.promoted) {
                    return;
                }
                a.promoted = true;
            }
            long t0 = System.nanoTime();
            candidate.promote();
            d.becomePrimary(candidate, old);
            long promoteMs = (System.nanoTime() - t0) / 1_000_000;
            if (ownEvents) {
                a.healed = true;
                emit(a.id, a.fault, FaultPhase.HEALED, candidate.name(), "promoted " + candidate.name() + " in "
                        + promoteMs + " ms; writer endpoint flipped");
            }
            try {
                PostgresServer fresh = d.addReplica(oldSubnet);
                LOG.info("rebuilt replica {} after failover", fresh.name());
            } catch (RuntimeException e) {
                LOG.warn("could not rebuild a replica after failover: {}", e.getMessage());
            }
        };
        a.failoverTask = promote;
        background.submit(() -> {
            try {
                Thread.sleep(Math.max(0, delayMs - (System.nanoTime() - killedAt) / 1_000_000));
                promote.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                emit(a.id, a.fault, FaultPhase.FAILED, candidate.name(), "promotion failed: " + e.getMessage());
            }
        });
    }

    private void azOutage(Applied a, String az) {
        Map<String, ComponentSpec> specs = d.specs();
        boolean primaryInAz = d.primary() != null && az.equals(specs.get(d.primary().name()).az());
        List<String> cut = new ArrayList<>();
        EdgeMatcher m = matcher();
        for (Link l : d.linkRegistry().links()) {
            String n = l.name();
            boolean touches = m.matches(n, List.of(az), List.of("alb", "app", "db", "redis", "sqs", "client"))
                    || m.matches(n, List.of("alb", "app", "db", "redis", "sqs", "client"), List.of(az));
            // the writer endpoint follows the primary: its links are handled by the failover, not blocked
            if (touches && !(primaryInAz && n.endsWith("_db-writer"))) {
                cut.add(n);
            }
        }
        for (AppInstance inst : d.instances().values()) {
            if (az.equals(inst.az()) && inst.isAlive()) {
                inst.process().kill();
                a.undo(inst::start);
            }
        }
        block(a, cut, BlockMode.BLACKHOLE);
        if (primaryInAz && !d.replicas().isEmpty()) {
            failover(a, null, false);
        }
    }

    private List<Selector.Candidate> instanceCandidates() {
        return d.instances().values().stream().map(i -> new Selector.Candidate(i.name(), i.az())).toList();
    }

    private EdgeMatcher matcher() {
        return new EdgeMatcher(d.specs(), d.primary() == null ? null : d.primary().name(),
                d.replicas().stream().map(PostgresServer::name).toList());
    }

    private List<String> linksTo(String target) {
        return d.linkRegistry().links().stream().map(Link::name).filter(n -> n.endsWith("_" + target)).toList();
    }

    private EdgeResolver resolver() {
        return new EdgeResolver(matcher(), d.linkRegistry().links().stream().map(Link::name).toList());
    }

    @Override
    public synchronized void healAll() {
        List<Applied> list = new ArrayList<>(active);
        for (int i = list.size() - 1; i >= 0; i--) {
            try {
                list.get(i).heal();
            } catch (RuntimeException e) {
                LOG.warn("heal of {} failed: {}", list.get(i).id, e.getMessage());
            }
        }
        active.removeIf(Applied::isHealed);
    }

    @Override
    public HealthReport verifyHealthy(Duration timeout) {
        return new TopologyHealth(d).await(timeout);
    }

    void shutdown() {
        background.shutdownNow();
    }

    /** An applied fault and the undo steps that heal it. */
    private final class Applied implements ActiveFault {
        final String id;
        final Fault fault;
        final List<String> targets;
        final Deque<Runnable> undos = new ArrayDeque<>();
        volatile boolean healed;
        volatile boolean selfHealing;
        volatile boolean promoted;
        volatile Runnable failoverTask;

        Applied(String id, Fault fault, List<String> targets) {
            this.id = id;
            this.fault = fault;
            this.targets = List.copyOf(targets);
        }

        void undo(Runnable r) {
            undos.push(r);
        }

        void rollback() {
            while (!undos.isEmpty()) {
                try {
                    undos.pop().run();
                } catch (RuntimeException e) {
                    LOG.warn("rollback step of {} failed: {}", id, e.getMessage());
                }
            }
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Fault fault() {
            return fault;
        }

        @Override
        public List<String> targets() {
            return targets;
        }

        @Override
        public boolean isHealed() {
            return healed;
        }

        @Override
        public synchronized void heal() {
            if (healed && undos.isEmpty()) {
                return;
            }
            Runnable f = failoverTask;
            if (f != null) {
                f.run(); // a failover still waiting for its detection delay completes now
            }
            List<String> errors = new ArrayList<>();
            while (!undos.isEmpty()) {
                try {
                    undos.pop().run();
                } catch (RuntimeException e) {
                    errors.add(e.getMessage());
                }
            }
            boolean wasHealed = healed;
            healed = true;
            if (!errors.isEmpty()) {
                emit(id, fault, FaultPhase.FAILED, String.join(",", targets), "heal errors: " + errors);
            } else if (!wasHealed) {
                emit(id, fault, FaultPhase.HEALED, String.join(",", targets), "");
            }
        }
    }
}
