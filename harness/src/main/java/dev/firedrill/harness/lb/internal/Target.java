package dev.firedrill.harness.lb.internal;

import dev.firedrill.harness.lb.TargetState;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** One registration of a target: address, health and the requests in flight to it. */
final class Target {
    final String id;
    final InetSocketAddress address;
    final String availabilityZone;
    final TargetGroup group;
    final TargetRecorder stats;
    final String origin;
    final HealthStateMachine health;
    final AtomicInteger inFlight = new AtomicInteger();
    final Set<org.eclipse.jetty.client.Request> active = ConcurrentHashMap.newKeySet();
    volatile ScheduledFuture<?> checks;

    Target(String id, InetSocketAddress address, String availabilityZone, TargetGroup group, TargetRecorder stats,
           HealthStateMachine health) {
        this.id = id;
        this.address = address;
        this.availabilityZone = availabilityZone;
        this.group = group;
        this.stats = stats;
        this.health = health;
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        this.origin = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    TargetState state() {
        return health.health().state();
    }

    void stopChecks() {
        ScheduledFuture<?> f = checks;
        if (f != null) {
            f.cancel(false);
        }
    }

    @Override
    public String toString() {
        return id + "@" + origin + " in " + group.name;
    }
}
