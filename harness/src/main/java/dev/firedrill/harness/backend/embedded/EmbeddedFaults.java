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
import dev.firedrill.harness.fault.Edge;
import dev.firedrill.harness.fault.FaultAction;
import dev.firedrill.harness.fault.FaultPlan;
import dev.firedrill.harness.fault.FaultPlanner;
import dev.firedrill.harness.net.BandwidthToxic;
import dev.firedrill.harness.net.BlockMode;
import dev.firedrill.harness.net.Link;
import dev.firedrill.harness.net.ToxicStream;
import dev.firedrill.harness.topology.FailoverProfile;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes {@link Fault}s on an {@link EmbeddedDeployment}: {@link FaultPlanner} resolves each against the
 * deployment's current components and edges with the run's seeded random source, and every primitive action of
 * the plan is applied to the links, processes and servers here. Every applied step pushes its undo; a failure
 * half-way rolls back what was done (nothing half-applied) and heals run in reverse order.
 */
public final class EmbeddedFaults implements FaultInjector {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFaults.class);

    private final EmbeddedDeployment d;
    private RandomGenerator random;
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
        plan(fault, new SplittableRandom(0));
    }

    @Override
    public synchronized void seed(long seed) {
        random = new SplittableRandom(seed);
        d.linkRegistry().reseed(seed);
    }

    /** Resolves targets against the deployment as it is now and validates, without touching anything. */
    private FaultPlan plan(Fault fault, RandomGenerator r) {
        FaultPlan p = FaultPlanner.plan(fault, d.targets(), r, d.topology().database() == null ? null
                : d.topology().database().failoverProfile());
        FaultPlanner.requireSupported(p, EmbeddedBackend.NAME, EmbeddedBackend.ACTIONS);
        return p;
    }

    @Override
    public synchronized ActiveFault inject(Fault fault) {
        String id = "f" + ids.incrementAndGet();
        FaultPlan plan;
        try {
            plan = plan(fault, random);
        } catch (FaultException e) {
            emit(id, fault, FaultPhase.FAILED, fault.target(), e.getMessage());
            throw e;
        }
        Applied a = new Applied(id, fault, plan.targets());
        emit(id, fault, FaultPhase.REQUESTED, String.join(",", plan.targets()), "");
        try {
            for (FaultAction action : plan.actions()) {
                apply(a, action);
            }
        } catch (RuntimeException e) {
            a.rollback();
            emit(id, fault, FaultPhase.FAILED, String.join(",", plan.targets()), "rolled back: " + e.getMessage());
            throw e instanceof FaultException fe ? fe : new FaultException(fault.kind() + " failed and was rolled back: "
                    + e.getMessage(), e);
        }
        active.add(a);
        if (!a.selfHealing) {
            emit(id, fault, FaultPhase.EFFECTIVE, String.join(",", plan.targets()), "");
        }
        return a;
    }

    private void apply(Applied a, FaultAction action) {
        if (action instanceof FaultAction.AddToxic t) {
            Link l = link(t.edge());
            if (l.toxic(t.toxic().name()).isPresent()) {
                throw new FaultException("the same " + a.fault.kind() + " fault is already active on " + t.edge()
                        + "; heal it first (./firedrill heal) or give other options");
            }
            l.addToxic(t.toxic(), a.label());
            a.undo(() -> l.removeToxic(t.toxic().name()));
        } else if (action instanceof FaultAction.Block b) {
            Link l = link(b.edge());
            l.block(b.mode(), a.label());
            a.undo(() -> l.block(BlockMode.NONE));
        } else if (action instanceof FaultAction.Signal s) {
            signal(a, d.instances().get(s.instance()), s.action());
        } else if (action instanceof FaultAction.Lag r) {
            replicaLag(a, r);
        } else if (action instanceof FaultAction.Promote p) {
            failover(a, p);
        } else if (action instanceof FaultAction.KillCache) {
            d.redis().process().kill();
            a.undo(() -> d.redis().restart());
        } else if (action instanceof FaultAction.QueueErrors q) {
            if (a.sqsErrors == null) {
                SqsErrorServer errors = new SqsErrorServer();
                a.sqsErrors = errors;
                a.undo(errors::close);
            }
            Link l = link(q.edge());
            List<InetSocketAddress> before = l.upstreams();
            l.setUpstreams(List.of(a.sqsErrors.address()));
            l.cutConnections(a.label());
            a.undo(() -> {
                l.setUpstreams(before);
                l.cutConnections(a.label() + " healed");
            });
        } else {
            throw new FaultException("the embedded backend cannot run " + action.kind().id());
        }
    }

    private Link link(Edge e) {
        return d.linkRegistry().get(EmbeddedDeployment.linkName(e.source(), e.target()));
    }

    private static void signal(Applied a, AppInstance inst, Fault.InstanceAction action) {
        switch (action) {
            case KILL -> {
                if (inst.isAlive()) { // one already down stays the business of the fault that took it down
                    inst.process().kill();
                    a.undo(inst::start);
                }
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

    private void replicaLag(Applied a, FaultAction.Lag r) {
        PostgresServer rep = d.replicas().stream().filter(p -> p.name().equals(r.replica())).findFirst().orElseThrow();
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
                Link l = d.link(r.replica(), d.primary().name());
                String toxic = "replica_lag_" + a.id;
                l.addToxic(new BandwidthToxic(toxic, ToxicStream.DOWNSTREAM, 1.0, r.rateKbPerSecond()), a.label());
                a.undo(() -> l.removeToxic(toxic));
            }
        }
    }

    /**
     * Kills the primary; after the planned detection delay (AWS time, scaled) promotes the replica and flips the
     * writer endpoint, then rebuilds a replica in the background. A standalone failover heals itself: HEALED is
     * emitted when writes can succeed again.
     */
    private void failover(Applied a, FaultAction.Promote action) {
        boolean ownEvents = action.standalone();
        PostgresServer old = d.primary();
        PostgresServer candidate = d.replicas().stream().filter(r -> r.name().equals(action.replica())).findFirst()
                .orElseThrow();
        long awsMs = action.awsDelayMs();
        long delayMs = Math.round(awsMs * d.topology().timeScale());
        FailoverProfile profile = action.profile();
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
            d.becomePrimary(candidate, old, a.label());
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
        SqsErrorServer sqsErrors;

        Applied(String id, Fault fault, List<String> targets) {
            this.id = id;
            this.fault = fault;
            this.targets = List.copyOf(targets);
        }

        void undo(Runnable r) {
            undos.push(r);
        }

        /** How flow records name this fault, its target as a user writes it: {@code fault f3 partition app|db}. */
        String label() {
            String target = fault instanceof Fault.Partition p
                    ? String.join(",", p.from()) + (p.oneWay() ? "->" : "|") + String.join(",", p.to())
                    : fault.target();
            return "fault " + id + " " + fault.kind() + " " + target;
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
