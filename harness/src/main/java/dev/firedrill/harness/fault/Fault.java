package dev.firedrill.harness.fault;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.net.Toxic;
import dev.firedrill.harness.topology.FailoverProfile;
import java.time.Duration;
import java.util.List;

/**
 * A fault: only its parameters (what and where). The backend executes it and every fault has a heal.
 * Durations are given by the scenario's fault steps or the caller, not held here.
 */
public sealed interface Fault {
    /** The CLI name, e.g. {@code latency}, {@code partition}, {@code kill}. */
    String kind();

    /** A human description of the target for events and reports. */
    String target();

    /**
     * A Toxiproxy toxic on every edge matching {@code edges}: {@code FROM->TO} with comma-separated component,
     * tier or AZ names on each side ({@code app->db-writer}, {@code app-1,app-2->redis}, {@code tier:app->az:us-east-1b},
     * globs such as {@code app-*}); see {@link FaultPlanner}.
     */
    record ToxicFault(String edges, Toxic toxic) implements Fault {
        @Override
        public String kind() {
            return toxic.type();
        }

        @Override
        public String target() {
            return edges;
        }
    }

    /** How a partition refuses traffic. */
    enum PartitionMode {
        /** Packets dropped: clients time out, as a security group or NACL deny behaves. */
        BLACKHOLE,
        /** Connections reset: clients fail fast. */
        REJECT
    }

    /**
     * A network partition between two groups of components (names, tiers like {@code app} or
     * {@code db}, or AZ names). One-way blocks connections from {@code from} to {@code to} only.
     */
    record Partition(List<String> from, List<String> to, PartitionMode mode, boolean oneWay) implements Fault {
        public Partition {
            if (from == null || from.isEmpty() || to == null || to.isEmpty()) {
                throw new FaultException("a partition needs two non-empty sides, e.g. app|db or app-1|db-primary,redis");
            }
            from = List.copyOf(from);
            to = List.copyOf(to);
        }

        @Override
        public String kind() {
            return "partition";
        }

        @Override
        public String target() {
            return String.join(",", from) + (oneWay ? " -> " : " <-> ") + String.join(",", to) + " ("
                    + mode.name().toLowerCase() + ")";
        }
    }

    /** Instance faults on the fleet. */
    enum InstanceAction {
        /** kill -9: instance loss; heal starts a replacement on the same port. */
        KILL,
        /** SIGTERM: graceful stop; heal starts it again. */
        STOP,
        /** SIGSTOP: a gray failure, the process is frozen; heal sends SIGCONT. */
        PAUSE,
        /** SIGTERM then start again at once; nothing to heal. */
        RESTART
    }

    record InstanceFault(InstanceAction action, Selector selector) implements Fault {
        @Override
        public String kind() {
            return action.name().toLowerCase();
        }

        @Override
        public String target() {
            return selector.toString();
        }
    }

    /** How replica lag is made. */
    enum LagMode {
        /** WAL replay paused (pg_wal_replay_pause); heal resumes. */
        PAUSE,
        /** recovery_min_apply_delay = delay; heal sets it back to 0. */
        APPLY_DELAY,
        /** The replication link limited to {@code rateKbPerSecond}; heal removes the limit. */
        THROTTLE
    }

    record ReplicaLag(String replica, LagMode mode, Duration delay, long rateKbPerSecond) implements Fault {
        @Override
        public String kind() {
            return "replica-lag";
        }

        @Override
        public String target() {
            return replica == null ? "all replicas" : replica;
        }
    }

    /**
     * Primary failure with failover: kill -9 the primary, after a detection delay drawn (seeded) from the
     * profile's AWS envelope × timeScale promote a replica, flip the writer endpoint and cut connections
     * to the old primary; afterwards rebuild a fresh replica.
     */
    record Failover(FailoverProfile profile) implements Fault {
        @Override
        public String kind() {
            return "failover";
        }

        @Override
        public String target() {
            return "db primary (" + (profile == null ? "topology profile" : profile.id()) + ")";
        }
    }

    enum CacheMode {
        KILL,
        PARTITION
    }

    record CacheOutage(CacheMode mode) implements Fault {
        @Override
        public String kind() {
            return "cache-outage";
        }

        @Override
        public String target() {
            return "redis (" + mode.name().toLowerCase() + ")";
        }
    }

    enum QueueMode {
        /** The SQS endpoint silently drops traffic: clients time out. */
        BLACKHOLE,
        /** The SQS endpoint answers HTTP 500 with an SQS-style error body. */
        ERRORS
    }

    record QueueOutage(QueueMode mode) implements Fault {
        @Override
        public String kind() {
            return "queue-outage";
        }

        @Override
        public String target() {
            return "sqs (" + mode.name().toLowerCase() + ")";
        }
    }

    /** Every component in the AZ loses its network and its instances stop; the primary's AZ fails over. */
    record AzOutage(String az) implements Fault {
        @Override
        public String kind() {
            return "az-outage";
        }

        @Override
        public String target() {
            return az;
        }
    }
}
