package dev.firedrill.harness.fleet.internal;

import dev.firedrill.harness.fleet.FleetControl;
import dev.firedrill.harness.fleet.FleetEvent;
import dev.firedrill.harness.fleet.FleetInstance;
import dev.firedrill.harness.fleet.FleetListener;
import dev.firedrill.harness.lb.AlbSimulator;
import dev.firedrill.harness.lb.TargetState;
import dev.firedrill.harness.topology.Fleet;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the group and deployments share: the control, the desired capacity, the release and target group new
 * instances get, which instances are terminating, and the events. Terminations drain on a timer thread.
 */
public final class FleetState {
    private static final Logger LOG = LoggerFactory.getLogger(FleetState.class);
    private final FleetControl control;
    private final List<FleetListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> terminating = ConcurrentHashMap.newKeySet();
    private final Set<String> announcedHealthy = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "firedrill-fleet-drain");
        t.setDaemon(true);
        return t;
    });
    private volatile int desired;
    private volatile String release;
    private volatile String liveGroup = AlbSimulator.DEFAULT_TARGET_GROUP;
    private volatile boolean deploying;
    private volatile boolean closed;

    public FleetState(FleetControl control) {
        this.control = control;
        Fleet f = control.topology().fleet();
        this.desired = f.count();
        this.release = f.version();
        for (FleetInstance i : control.instances()) {
            if (control.targetState(i.id()) == TargetState.HEALTHY) {
                announcedHealthy.add(i.id());
            }
        }
    }

    public FleetControl control() {
        return control;
    }

    public Fleet fleet() {
        return control.topology().fleet();
    }

    public double timeScale() {
        return control.topology().timeScale();
    }

    /** {@code aws} × timeScale. */
    public Duration scaled(Duration aws) {
        return Duration.ofNanos(Math.round(aws.toNanos() * timeScale()));
    }

    public void addListener(FleetListener l) {
        listeners.add(l);
    }

    public int desired() {
        return desired;
    }

    public void desired(int d) {
        desired = d;
    }

    public String release() {
        return release;
    }

    public void release(String r) {
        release = r;
    }

    public String liveGroup() {
        return liveGroup;
    }

    public void liveGroup(String g) {
        liveGroup = g;
    }

    public synchronized boolean deploying() {
        return deploying;
    }

    /** Marks a deployment as running; false when one already is. */
    public synchronized boolean beginDeploy() {
        if (deploying) {
            return false;
        }
        deploying = true;
        return true;
    }

    public synchronized void endDeploy() {
        deploying = false;
    }

    public boolean closed() {
        return closed;
    }

    /** Launched, not terminating. */
    public List<FleetInstance> live() {
        return control.instances().stream().filter(i -> !terminating.contains(i.id())).toList();
    }

    public boolean isTerminating(String id) {
        return terminating.contains(id);
    }

    /** Live instances whose target is healthy. */
    public int inService() {
        return (int) live().stream().filter(i -> control.targetState(i.id()) == TargetState.HEALTHY).count();
    }

    public void emit(FleetEvent.Action action, FleetInstance i, String detail) {
        emit(action, i == null ? null : i.id(), i == null ? null : i.az(), i == null ? release : i.release(), detail);
    }

    public void emit(FleetEvent.Action action, String instance, String az, String rel, String detail) {
        FleetEvent e = new FleetEvent(action, instance, az, rel, detail, System.nanoTime(), inService(), desired);
        LOG.info("fleet {} {} {} {} (in service {}/{})", action.wire(), instance == null ? "-" : instance,
                rel, detail, e.inService(), e.desired());
        for (FleetListener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException ex) {
                LOG.warn("fleet listener failed", ex);
            }
        }
    }

    /** Announces instances whose target turned healthy since the last call. */
    public void announceHealthy() {
        for (FleetInstance i : live()) {
            if (!announcedHealthy.contains(i.id()) && control.targetState(i.id()) == TargetState.HEALTHY
                    && announcedHealthy.add(i.id())) {
                emit(FleetEvent.Action.HEALTHY, i, "passed the load balancer's health checks, "
                        + ms(System.nanoTime() - i.launchedNanos()) + " after launch");
            }
        }
    }

    /** Launches one instance of {@code rel} into {@code group}, in the subnet whose AZ has the fewest live instances. */
    public FleetInstance launch(String rel, String group, String why) {
        FleetInstance i = control.launch(rel, balancedSubnet(), group);
        emit(FleetEvent.Action.LAUNCH, i, why + "; " + i.subnet());
        return i;
    }

    /** The fleet's subnet whose AZ holds the fewest live instances (AWS balances capacity across AZs). */
    public String balancedSubnet() {
        Map<String, Integer> byAz = new LinkedHashMap<>();
        Map<String, String> subnetOfAz = new LinkedHashMap<>();
        for (String s : fleet().subnets()) {
            String az = control.topology().vpc().subnet(s).az();
            byAz.putIfAbsent(az, 0);
            subnetOfAz.putIfAbsent(az, s);
        }
        for (FleetInstance i : live()) {
            byAz.computeIfPresent(i.az(), (k, v) -> v + 1);
        }
        return subnetOfAz.get(byAz.entrySet().stream().min(Comparator.comparingInt(Map.Entry::getValue))
                .orElseThrow().getKey());
    }

    /**
     * Starts terminating {@code i}: its target drains for the deregistration delay, then the instance stops. Returns
     * at once; {@link #awaitGone} waits.
     */
    public void terminate(FleetInstance i, String why) {
        if (!terminating.add(i.id())) {
            return;
        }
        emit(FleetEvent.Action.TERMINATE, i, why + "; draining for " + ms(control.deregistrationDelay().toNanos()));
        try {
            control.deregister(i.id());
        } catch (RuntimeException e) {
            LOG.debug("deregister {}: {}", i.id(), e.getMessage());
        }
        timer.schedule(() -> finish(i), control.deregistrationDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void finish(FleetInstance i) {
        try {
            control.terminate(i.id());
        } catch (RuntimeException e) {
            LOG.warn("terminate {}: {}", i.id(), e.getMessage());
        }
        terminating.remove(i.id());
        announcedHealthy.remove(i.id());
        emit(FleetEvent.Action.TERMINATED, i, "");
    }

    /** Waits until none of {@code ids} is launched any more, or {@code timeout}. */
    public boolean awaitGone(List<String> ids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> now = control.instances().stream().map(FleetInstance::id)
                    .collect(java.util.stream.Collectors.toSet());
            if (ids.stream().noneMatch(now::contains)) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            sleep(20);
        }
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.firedrill.harness.FiredrillException("interrupted");
        }
    }

    public static String ms(long nanos) {
        return nanos >= 10_000_000_000L ? Math.round(nanos / 1e9) + " s" : Math.round(nanos / 1e6) + " ms";
    }

    public void close() {
        closed = true;
        timer.shutdownNow();
    }
}
