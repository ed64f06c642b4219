/**
 * Application Load Balancer simulator: {@link dev.firedrill.harness.lb.AlbSimulator}, started from an
 * {@link dev.firedrill.harness.lb.AlbConfig} (made from the topology's own settings by
 * {@code AlbConfig.of(LoadBalancer, timeScale)}: {@link dev.firedrill.harness.topology.HealthCheck},
 * {@link dev.firedrill.harness.topology.RoutingAlgorithm}, checked by {@link dev.firedrill.harness.topology.AlbLimits}),
 * is one HTTP listener on 127.0.0.1 whose forward action spreads requests over weighted target groups (blue/green,
 * canaries), with AWS's target states and reason codes
 * ({@link dev.firedrill.harness.lb.TargetState}, {@link dev.firedrill.harness.lb.ReasonCode}), fail-open,
 * deregistration delay and AWS's 502/503/504 answers. Every duration is given in AWS time and multiplied by the
 * config's time scale. State changes reach a {@link dev.firedrill.harness.lb.HealthListener};
 * {@link dev.firedrill.harness.lb.AlbStats} counts what it did, per target as {@link dev.firedrill.harness.lb.TargetStats}
 * (status classes and a latency histogram, for rollback decisions). The embedded backend puts it in front of the fleet
 * (its targets are the fleet's {@code net} links); the implementation lives in {@code internal}: its own HTTP/1.1
 * forwarding path (selector threads, one per core, each with its pool of keep-alive target connections; heads parsed
 * in place; the target's framing, Content-Length or chunks, relayed as is), AWS's health checks on Jetty's client.
 */
package dev.firedrill.harness.lb;
