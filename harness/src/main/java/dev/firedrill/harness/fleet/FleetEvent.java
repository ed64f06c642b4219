package dev.firedrill.harness.fleet;

import java.util.Locale;

/**
 * Something the Auto Scaling group or a deployment did or saw, with the capacity right after it.
 *
 * @param instance the instance concerned, or null (a scaling decision, a deployment step)
 * @param release  the instance's release, or the deployment's
 * @param detail   why, in words: "ELB health check failed", "ALBRequestCountPerTarget 1210 > 600 for 3 periods"
 * @param nanos    {@link System#nanoTime()} when it happened
 * @param inService instances launched, not terminating, and healthy in the load balancer, after the event
 * @param desired  the group's desired capacity after the event
 */
public record FleetEvent(Action action, String instance, String az, String release, String detail, long nanos,
                         int inService, int desired) {

    /** What happened. */
    public enum Action {
        /** An instance was started (Pending). */
        LAUNCH,
        /** Its target passed the load balancer's health checks (InService). */
        HEALTHY,
        /** The group judged it unhealthy (EC2: gone; ELB: its target unhealthy after the grace period). */
        UNHEALTHY,
        /** Termination began: its target is deregistered and drains for the deregistration delay. */
        TERMINATE,
        /** The instance is gone. */
        TERMINATED,
        /** The desired capacity changed. */
        SCALE,
        /** A deployment began. */
        DEPLOY_START,
        /** A deployment step: a batch replaced, the listener's weights changed, a bake began. */
        DEPLOY_STEP,
        /** The deployment judged the release bad and is rolling back. */
        ROLLBACK,
        /** The deployment ended: released, or rolled back. */
        DEPLOY_END;

        /** The name in history.jsonl ({@code f} of a {@code fleet} event): launch, healthy, deploy-start, ... */
        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
