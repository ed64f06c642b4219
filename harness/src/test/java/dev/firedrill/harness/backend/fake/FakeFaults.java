package dev.firedrill.harness.backend.fake;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.fault.ActiveFault;
import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.fault.FaultAction;
import dev.firedrill.harness.fault.FaultEvent;
import dev.firedrill.harness.fault.FaultInjector;
import dev.firedrill.harness.fault.FaultListener;
import dev.firedrill.harness.fault.FaultPhase;
import dev.firedrill.harness.fault.FaultPlan;
import dev.firedrill.harness.fault.FaultPlanner;
import dev.firedrill.harness.fault.HealthReport;
import dev.firedrill.harness.fault.Targets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * The fake backend's faults: planned by {@link FaultPlanner} exactly as on any backend, each action applied to the
 * in-memory model and recorded ({@code apply kill-instance app-2}, {@code undo kill-instance app-2}), with the same
 * events, rollback and reverse-order heals a real backend owes. A failover promotes at once.
 */
public final class FakeFaults implements FaultInjector {
    private final FakeDeployment d;
    private final List<FaultListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Applied> active = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private RandomGenerator random = new SplittableRandom(0);

    FakeFaults(FakeDeployment d) {
        this.d = d;
    }

    Targets targets() {
        return new Targets(d.components(), Targets.edges(d.topology(), d.components()), d.topology().vpc().azs());
    }

    private FaultPlan plan(Fault f, RandomGenerator r) {
        FaultPlan p = FaultPlanner.plan(f, targets(), r, d.topology().database() == null ? null
                : d.topology().database().failoverProfile());
        FaultPlanner.requireSupported(p, d.owner().name(), d.owner().actions());
        return p;
    }

    @Override
    public void check(Fault fault) {
        plan(fault, new SplittableRandom(0));
    }

    @Override
    public synchronized void seed(long seed) {
        random = new SplittableRandom(seed);
        d.owner().record("seed " + seed);
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
        String targets = String.join(",", plan.targets());
        emit(id, fault, FaultPhase.REQUESTED, targets, "");
        try {
            for (FaultAction action : plan.actions()) {
                apply(a, action);
            }
        } catch (RuntimeException e) {
            a.undoAll();
            emit(id, fault, FaultPhase.FAILED, targets, "rolled back: " + e.getMessage());
            throw new FaultException(fault.kind() + " failed and was rolled back: " + e.getMessage(), e);
        }
        active.add(a);
        emit(id, fault, FaultPhase.EFFECTIVE, targets, "");
        if (a.selfHealing) {
            a.heal();
        }
        return a;
    }

    private void apply(Applied a, FaultAction action) {
        String what = describe(action);
        if (d.owner().fails(action)) {
            throw new IllegalStateException("fake failure applying " + what);
        }
        d.owner().record("apply " + what);
        a.undo(() -> d.owner().record("undo " + what));
        if (action instanceof FaultAction.Signal s && s.action() != Fault.InstanceAction.RESTART) {
            d.running.put(s.instance(), false);
            a.undo(() -> d.running.put(s.instance(), true));
        } else if (action instanceof FaultAction.Promote p) {
            d.promote(p.primary(), p.replica());
            a.selfHealing = p.standalone();
        }
    }

    /** {@code kill-instance app-2}, {@code block-drop app-1->db-writer}. */
    static String describe(FaultAction a) {
        String on;
        if (a instanceof FaultAction.AddToxic t) {
            on = t.edge() + " " + t.toxic().type();
        } else if (a instanceof FaultAction.Block b) {
            on = b.edge().toString();
        } else if (a instanceof FaultAction.Signal s) {
            on = s.instance();
        } else if (a instanceof FaultAction.Lag l) {
            on = l.replica();
        } else if (a instanceof FaultAction.Promote p) {
            on = p.replica() + " after " + p.awsDelayMs() + " ms";
        } else if (a instanceof FaultAction.KillCache c) {
            on = c.cache();
        } else if (a instanceof FaultAction.QueueErrors q) {
            on = q.edge().toString();
        } else {
            on = a.toString();
        }
        return a.kind().id() + " " + on;
    }

    private void emit(String id, Fault f, FaultPhase phase, String target, String detail) {
        FaultEvent e = new FaultEvent(id, f.kind(), phase, target, System.nanoTime(), detail);
        for (FaultListener l : listeners) {
            l.onEvent(e);
        }
    }

    @Override
    public List<ActiveFault> active() {
        return active.stream().filter(a -> !a.isHealed()).map(a -> (ActiveFault) a).toList();
    }

    @Override
    public synchronized void healAll() {
        List<Applied> list = new ArrayList<>(active);
        for (int i = list.size() - 1; i >= 0; i--) {
            list.get(i).heal();
        }
        active.removeIf(Applied::isHealed);
    }

    @Override
    public HealthReport verifyHealthy(Duration timeout) {
        List<String> problems = new ArrayList<>();
        d.running.forEach((n, up) -> {
            if (!up) {
                problems.add("instance " + n + " is not running");
            }
        });
        active().forEach(a -> problems.add("fault " + a.id() + " is not healed"));
        return new HealthReport(problems.isEmpty(), List.of(d.running.size() + " instances running"), problems);
    }

    @Override
    public void addListener(FaultListener listener) {
        listeners.add(listener);
    }

    private final class Applied implements ActiveFault {
        final String id;
        final Fault fault;
        final List<String> targets;
        final Deque<Runnable> undos = new ArrayDeque<>();
        volatile boolean healed;
        volatile boolean selfHealing;

        Applied(String id, Fault fault, List<String> targets) {
            this.id = id;
            this.fault = fault;
            this.targets = List.copyOf(targets);
        }

        void undo(Runnable r) {
            undos.push(r);
        }

        void undoAll() {
            while (!undos.isEmpty()) {
                undos.pop().run();
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
            if (healed) {
                return;
            }
            undoAll();
            healed = true;
            emit(id, fault, FaultPhase.HEALED, String.join(",", targets), "");
        }
    }
}
