package dev.firedrill.harness.backend.fake;

import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.backend.Backend;
import dev.firedrill.harness.backend.ProgressListener;
import dev.firedrill.harness.fault.FaultAction;
import dev.firedrill.harness.topology.Topology;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A backend in memory, for fast tests of what the runner guarantees whatever the backend: nothing is started but
 * a tiny HTTP item store that stands in for the load balancer; fault actions change an in-memory model of the
 * stack and are recorded ({@link #log()}), so a test can see what was applied and healed. Registered as
 * {@code fake} for the test class path only.
 */
public final class FakeBackend implements Backend {
    private final Set<FaultAction.Kind> actions;
    private final Predicate<FaultAction> failing;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final AtomicInteger deployed = new AtomicInteger();
    private volatile String stopReason;
    private final AtomicInteger closed = new AtomicInteger();

    /** Every action, none failing (the registry's instance). */
    public FakeBackend() {
        this(EnumSet.allOf(FaultAction.Kind.class), a -> false);
    }

    /**
     * @param actions what its deployments can execute
     * @param failing actions that throw when applied (a backend failing half-way)
     */
    public FakeBackend(Set<FaultAction.Kind> actions, Predicate<FaultAction> failing) {
        this.actions = Set.copyOf(actions);
        this.failing = failing;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public String description() {
        return "in memory, for tests of the runner";
    }

    @Override
    public Set<FaultAction.Kind> actions() {
        return actions;
    }

    @Override
    public FakeDeployment deploy(Topology topology, ProgressListener progress) {
        if (topology.name().equals("refuse-to-start")) {
            throw new ProvisioningException("fake", "refuses to start, as asked");
        }
        deployed.incrementAndGet();
        log.add("deploy " + topology.name());
        return new FakeDeployment(this, topology);
    }

    /** Every deploy, applied action, undo and close, in order: {@code apply kill-instance app-2}. */
    public List<String> log() {
        return List.copyOf(log);
    }

    public int deployments() {
        return deployed.get();
    }

    public int closed() {
        return closed.get();
    }

    void record(String line) {
        log.add(line);
    }

    void closedOne() {
        closed.incrementAndGet();
    }

    boolean fails(FaultAction a) {
        return failing.test(a);
    }

    /** From now on every deployment of this backend asks the run to stop, for {@code reason}. */
    public void stopWith(String reason) {
        stopReason = reason;
    }

    String stopReason() {
        return stopReason;
    }
}
