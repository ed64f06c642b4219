package dev.firedrill.harness.fleet;

import dev.firedrill.harness.lb.AlbSimulator;
import dev.firedrill.harness.lb.TargetState;
import dev.firedrill.harness.lb.TargetStats;
import dev.firedrill.harness.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fleet in memory for the group's and deployments' logic: an instance turns healthy {@code healthyAfter} after
 * its launch unless its release is in {@code neverHealthy}; {@link #kill} makes one stop running; {@link #serve}
 * adds requests (and 5xx) to an instance's statistics. Pure logic, no processes.
 */
final class FakeFleet implements FleetControl {
    final Topology topology;
    final Map<String, FleetInstance> instances = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<String, TargetState> draining = new ConcurrentHashMap<>();
    final Set<String> dead = ConcurrentHashMap.newKeySet();
    final Set<String> neverHealthy = ConcurrentHashMap.newKeySet();
    final Map<String, long[]> served = new ConcurrentHashMap<>();
    final List<Map<String, Integer>> weights = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile Duration healthyAfter = Duration.ofMillis(15);
    volatile Duration unhealthyAfter = Duration.ofMillis(20);
    private int next;

    FakeFleet(Topology topology) {
        this.topology = topology;
        for (int i = 0; i < topology.fleet().count(); i++) {
            String subnet = topology.fleet().subnets().get(i % topology.fleet().subnets().size());
            FleetInstance f = new FleetInstance(topology.fleet().name() + "-" + (++next),
                    topology.vpc().subnet(subnet).az(), subnet, topology.fleet().version(),
                    AlbSimulator.DEFAULT_TARGET_GROUP, System.nanoTime() - 10_000_000_000L);
            instances.put(f.id(), f);
        }
        weights.add(Map.of(AlbSimulator.DEFAULT_TARGET_GROUP, 1));
    }

    @Override
    public Topology topology() {
        return topology;
    }

    @Override
    public List<FleetInstance> instances() {
        synchronized (instances) {
            return new ArrayList<>(instances.values());
        }
    }

    @Override
    public synchronized FleetInstance launch(String release, String subnet, String targetGroup) {
        FleetInstance f = new FleetInstance(topology.fleet().name() + "-" + (++next), topology.vpc().subnet(subnet).az(),
                subnet, release, targetGroup, System.nanoTime());
        instances.put(f.id(), f);
        return f;
    }

    @Override
    public void deregister(String id) {
        draining.put(id, TargetState.DRAINING);
    }

    @Override
    public void terminate(String id) {
        instances.remove(id);
        draining.remove(id);
    }

    void kill(String id) {
        dead.add(id);
    }

    void serve(String id, long requests, long errors) {
        served.compute(id, (k, v) -> v == null ? new long[] {requests, errors}
                : new long[] {v[0] + requests, v[1] + errors});
    }

    @Override
    public boolean isRunning(String id) {
        return instances.containsKey(id) && !dead.contains(id);
    }

    @Override
    public TargetState targetState(String id) {
        FleetInstance f = instances.get(id);
        if (f == null) {
            return null;
        }
        if (draining.containsKey(id)) {
            return TargetState.DRAINING;
        }
        long age = System.nanoTime() - f.launchedNanos();
        if (dead.contains(id) || neverHealthy.contains(f.release())) {
            return age >= unhealthyAfter.toNanos() ? TargetState.UNHEALTHY : TargetState.INITIAL;
        }
        if (age >= healthyAfter.toNanos()) {
            return TargetState.HEALTHY;
        }
        // a slow starter fails its first checks: the load balancer marks it unhealthy before it listens
        return age >= unhealthyAfter.toNanos() ? TargetState.UNHEALTHY : TargetState.INITIAL;
    }

    @Override
    public void forward(Map<String, Integer> w) {
        weights.add(Map.copyOf(w));
    }

    @Override
    public Map<String, Integer> forwardWeights() {
        return weights.get(weights.size() - 1);
    }

    @Override
    public Map<String, TargetStats> targetStats() {
        Map<String, TargetStats> out = new LinkedHashMap<>();
        served.forEach((id, v) -> out.put(id, TargetStatsFixture.of(v[0], v[1])));
        return out;
    }

    @Override
    public Duration cpuTime(String id) {
        return null;
    }

    @Override
    public Duration deregistrationDelay() {
        return Duration.ofMillis(20);
    }

    /** Releases of the live instances. */
    List<String> releases() {
        return instances().stream().map(FleetInstance::release).toList();
    }
}
