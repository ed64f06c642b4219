package dev.firedrill.harness.lb.internal;

import dev.firedrill.harness.lb.TargetState;
import java.net.InetSocketAddress;
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
    /** {@code host:port}, for a Host field when the client sent none. */
    final String hostPort;
    /** {@code X-Firedrill-Target: <id>} and CRLF, added to every response this target serves. */
    final byte[] targetField;
    /** Its deregistration delay ended: pooled connections to it are closed, not reused. */
    volatile boolean retired;
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
        this.hostPort = (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
        this.origin = "http://" + hostPort;
        this.targetField = (ErrorResponses.TARGET_HEADER + ": " + id + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
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
