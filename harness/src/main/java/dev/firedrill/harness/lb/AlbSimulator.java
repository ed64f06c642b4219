package dev.firedrill.harness.lb;

import dev.firedrill.harness.lb.internal.RunningAlb;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;

/**
 * A running Application Load Balancer simulator: one HTTP listener on 127.0.0.1 in front of one
 * target group, with AWS's health checks, fail-open, draining and error codes.
 *
 * <p>Behaviour, after the AWS ELB user guide:
 * <ul>
 *   <li>A newly registered target is {@code initial} until it passes one health check; afterwards it
 *       needs {@code unhealthyThreshold} consecutive failures to turn {@code unhealthy} and
 *       {@code healthyThreshold} consecutive successes to turn back.</li>
 *   <li>Requests go to healthy targets only; when none is healthy, to every registered target that is
 *       not draining (fail open).</li>
 *   <li>503 with no registered targets; 502 when the target refuses, resets or closes the connection
 *       or answers garbage; 504 when it stays silent for the target timeout. Such responses carry
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

    /** {@code http://127.0.0.1:<port>/}. */
    URI url();

    int port();

    AlbConfig config();

    /**
     * Adds a target in state {@code initial} and starts health-checking it at once.
     *
     * @throws dev.firedrill.harness.TopologyException if {@code targetId} is already registered and not draining
     */
    void register(String targetId, InetSocketAddress address, String availabilityZone);

    /**
     * Starts draining {@code targetId}; a no-op if it is already draining.
     *
     * @throws dev.firedrill.harness.TopologyException if no such target is registered
     */
    void deregister(String targetId);

    /** Current health of every registered (including draining) target, by id. */
    Map<String, TargetHealth> targetHealth();

    /** Adds a listener for state changes from now on. */
    void addListener(HealthListener listener);

    AlbStats stats();

    /** Stops the listener, health checks and pooled connections. Idempotent. */
    @Override
    void close();
}
