package dev.firedrill.harness.lb;

import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.lb.internal.RunningAlb;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;

/**
 * A running Application Load Balancer simulator: one HTTP listener on 127.0.0.1 whose forward action spreads
 * requests over weighted target groups, with AWS's health checks, fail-open, draining and error codes.
 *
 * <p>Behaviour, after the AWS ELB user guide:
 * <ul>
 *   <li>A newly registered target is {@code initial} until it passes one health check; afterwards it
 *       needs {@code unhealthyThreshold} consecutive failures to turn {@code unhealthy} and
 *       {@code healthyThreshold} consecutive successes to turn back.</li>
 *   <li>The listener starts with one target group, {@value #DEFAULT_TARGET_GROUP}, and the forward action
 *       {@code {default: 1}}; {@link #forward} sets weights over several groups, as AWS's weighted target groups.
 *       Each request first gets a group by weight (an exact, interleaved schedule: 90/10 sends exactly 10 of every
 *       100 to the second group), then a target within that group.</li>
 *   <li>Within the group, requests go to healthy targets only; when none is healthy, to every registered target
 *       of that group that is not draining (fail open). Fail-open is per group, as on AWS: a group with weight
 *       &gt; 0 keeps its share even when all its targets are unhealthy; the listener never moves its share to
 *       another group.</li>
 *   <li>503 when the chosen group has no registered targets; 502 when the target refuses, resets or closes
 *       the connection or answers garbage; 504 when it stays silent for the target timeout. Such responses carry
 *       {@code X-Firedrill-Lb-Error: <reason>}.</li>
 *   <li>Forwarded requests carry {@code X-Forwarded-For/-Proto/-Port} and {@code X-Amzn-Trace-Id};
 *       responses carry {@code X-Firedrill-Target: <targetId>}.</li>
 *   <li>{@link #deregister} moves a target to {@code draining}: no new requests, in-flight ones finish.
 *       It stays {@code draining} for the whole deregistration delay, as AWS displays it; requests still
 *       in flight when the delay ends are cut (the client gets a 502), then the target is removed and
 *       reported as a transition to {@code unused}.</li>
 * </ul>
 *
 * <pre>{@code
 * try (AlbSimulator alb = AlbSimulator.start(AlbConfig.builder().timeScale(0.01).build())) {
 *     alb.register("app-1", new InetSocketAddress("127.0.0.1", 8081), "us-east-1a");
 *     alb.register("app-2", new InetSocketAddress("127.0.0.1", 8082), "us-east-1b", "green");
 *     alb.forward(Map.of("default", 90, "green", 10)); // a canary: every tenth request goes to app-2
 *     HttpClient.newHttpClient().send(HttpRequest.newBuilder(alb.url().resolve("/orders")).build(), ofString());
 * }
 * }</pre>
 */
public interface AlbSimulator extends AutoCloseable {

    /** Binds the listener and starts the simulator; throws {@link dev.firedrill.harness.ProvisioningException} if it cannot. */
    static AlbSimulator start(AlbConfig config) {
        return RunningAlb.start(config);
    }

    /**
     * Starts a simulator that also traces: each forwarded request gets a span (service {@code alb}, kind SERVER,
     * attributes {@code alb.target.id}, {@code alb.target.status_code}, {@code alb.elb.status_code}, and
     * {@code alb.error} when the ALB answered itself) handed to {@code spans} when the response is done. The span
     * continues the client's {@code traceparent} (or X-Ray Root) or starts a trace; the target gets a
     * {@code traceparent} with the ALB's span as parent and an {@code X-Amzn-Trace-Id} Root of the same trace id.
     */
    static AlbSimulator start(AlbConfig config, dev.firedrill.harness.trace.SpanSink spans) {
        return RunningAlb.start(config, spans);
    }

    /** The target group that exists from the start and that the 3-argument {@link #register} uses. */
    String DEFAULT_TARGET_GROUP = "default";

    /** {@code http://127.0.0.1:<port>/}. */
    URI url();

    int port();

    AlbConfig config();

    /**
     * Adds a target to the {@value #DEFAULT_TARGET_GROUP} target group in state {@code initial} and starts
     * health-checking it at once.
     *
     * @throws dev.firedrill.harness.TopologyException if {@code targetId} is already registered and not draining
     */
    default void register(String targetId, InetSocketAddress address, String availabilityZone) {
        register(targetId, address, availabilityZone, DEFAULT_TARGET_GROUP);
    }

    /**
     * Adds a target to {@code targetGroup} in state {@code initial} and starts health-checking it at once. The group
     * is created on first use, with the config's health check and algorithm, and gets no traffic (weight 0) until
     * {@link #forward} names it. Target ids are unique across groups; an id whose registration is draining may be
     * registered again, in any group, and the new registration replaces the draining one in every view.
     *
     * @throws dev.firedrill.harness.TopologyException if {@code targetId} is already registered and not draining
     *         (in any group), or {@code targetGroup} is not a valid AWS name (1-32 letters, digits, hyphens)
     */
    void register(String targetId, InetSocketAddress address, String availabilityZone, String targetGroup);

    /** Creates an empty target group (weight 0) if none is named {@code name}, so {@link #forward} may name it. */
    void createTargetGroup(String name);

    /**
     * Sets the listener's forward action, e.g. {@code forward(Map.of("blue", 90, "green", 10))}; groups not named get
     * weight 0. Takes effect for the next request; requests in flight finish where they are. Validated as AWS does.
     *
     * @throws dev.firedrill.harness.TopologyException naming the group and value if a weight is outside 0-999, every
     *         weight is 0, a group does not exist, or more than 5 groups are named
     */
    void forward(Map<String, Integer> weights);

    /** Every target group's weight in the forward action (0 for groups it does not name), by group name. */
    Map<String, Integer> forwardWeights();

    /** The target group of every registered (including draining) target, by target id. */
    Map<String, String> targetGroups();

    /**
     * The target group {@code targetId} is registered in.
     *
     * @throws dev.firedrill.harness.TopologyException if no such target is registered
     */
    default String targetGroupOf(String targetId) {
        Map<String, String> all = targetGroups();
        String g = all.get(targetId);
        if (g == null) {
            throw new TopologyException("alb.targets", "no target '" + targetId
                    + "' is registered; registered: " + all.keySet());
        }
        return g;
    }

    /**
     * Starts draining {@code targetId}, whichever group it is in; a no-op if it is already draining.
     *
     * @throws dev.firedrill.harness.TopologyException if no such target is registered
     */
    void deregister(String targetId);

    /** Current health of every registered (including draining) target of every group, by id. */
    Map<String, TargetHealth> targetHealth();

    /** Adds a listener for state changes from now on. */
    void addListener(HealthListener listener);

    AlbStats stats();

    /** Stops the listener, health checks and pooled connections. Idempotent. */
    @Override
    void close();
}
