package dev.firedrill.harness.fault;

import dev.firedrill.harness.net.BlockMode;
import dev.firedrill.harness.net.Toxic;
import dev.firedrill.harness.topology.FailoverProfile;
import java.time.Duration;
import java.util.Locale;

/**
 * A primitive, resolved step of a fault, as {@link FaultPlanner} makes it: every target named, every random
 * choice already drawn. A backend executes actions and declares which {@link Kind}s it can; a fault needing one
 * it lacks is refused before a run starts.
 */
public sealed interface FaultAction {
    Kind kind();

    /** What a backend may be able to do. {@link #description()} is what error messages and docs show. */
    enum Kind {
        TOXIC("add a Toxiproxy toxic (latency, bandwidth, timeout, ...) on an edge"),
        BLOCK_DROP("drop every packet on an edge (a blackhole: clients time out)"),
        BLOCK_RESET("refuse connections on an edge (reset: clients fail fast)"),
        KILL_INSTANCE("kill an app instance (SIGKILL; the heal starts a replacement)"),
        STOP_INSTANCE("stop an app instance gracefully (SIGTERM; the heal starts it again)"),
        PAUSE_INSTANCE("freeze an app instance (SIGSTOP; the heal resumes it)"),
        RESTART_INSTANCE("restart an app instance"),
        PAUSE_REPLAY("pause WAL replay on a replica"),
        APPLY_DELAY("delay WAL apply on a replica (recovery_min_apply_delay)"),
        THROTTLE_REPLICATION("throttle the replication stream of a replica"),
        PROMOTE_REPLICA("kill the primary and promote a replica after a detection delay"),
        KILL_CACHE("kill the cache node (the heal restarts it)"),
        QUEUE_ERRORS("answer the queue's API with HTTP 500 errors on an edge");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        /** {@code block-drop}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A toxic on one edge. */
    record AddToxic(Edge edge, Toxic toxic) implements FaultAction {
        @Override
        public Kind kind() {
            return Kind.TOXIC;
        }
    }

    /** Block one direction of an edge: new and open connections from its source to its target. */
    record Block(Edge edge, BlockMode mode) implements FaultAction {
        public Block {
            if (mode == BlockMode.NONE) {
                throw new IllegalArgumentException("a block needs a mode");
            }
        }

        @Override
        public Kind kind() {
            return mode == BlockMode.REJECT ? Kind.BLOCK_RESET : Kind.BLOCK_DROP;
        }
    }

    /** Kill, stop, pause or restart one app instance. */
    record Signal(String instance, Fault.InstanceAction action) implements FaultAction {
        @Override
        public Kind kind() {
            return switch (action) {
                case KILL -> Kind.KILL_INSTANCE;
                case STOP -> Kind.STOP_INSTANCE;
                case PAUSE -> Kind.PAUSE_INSTANCE;
                case RESTART -> Kind.RESTART_INSTANCE;
            };
        }
    }

    /** Make one replica lag behind its primary. */
    record Lag(String replica, Fault.LagMode mode, Duration delay, long rateKbPerSecond) implements FaultAction {
        @Override
        public Kind kind() {
            return switch (mode) {
                case PAUSE -> Kind.PAUSE_REPLAY;
                case APPLY_DELAY -> Kind.APPLY_DELAY;
                case THROTTLE -> Kind.THROTTLE_REPLICATION;
            };
        }
    }

    /**
     * Kill {@code primary}; after {@code awsDelayMs} of AWS time (drawn from the profile's envelope with the run's
     * seed; a backend scales it by its time scale) promote {@code replica} and point the writer endpoint at it.
     *
     * @param standalone whether this is a fault of its own (its heal is the promotion) or a part of another
     *     (an AZ outage), whose heal comes from that fault
     */
    record Promote(String primary, String replica, FailoverProfile profile, long awsDelayMs, boolean standalone)
            implements FaultAction {
        @Override
        public Kind kind() {
            return Kind.PROMOTE_REPLICA;
        }
    }

    /** Kill the cache node. */
    record KillCache(String cache) implements FaultAction {
        @Override
        public Kind kind() {
            return Kind.KILL_CACHE;
        }
    }

    /** Connections on the edge to the queue get SQS-style HTTP 500 errors. */
    record QueueErrors(Edge edge) implements FaultAction {
        @Override
        public Kind kind() {
            return Kind.QUEUE_ERRORS;
        }
    }
}
