package dev.firedrill.harness.backend.embedded;

import dev.firedrill.harness.backend.embedded.internal.AppInstance;
import dev.firedrill.harness.backend.embedded.internal.PostgresReplicationStatus;
import dev.firedrill.harness.backend.embedded.internal.PostgresServer;
import dev.firedrill.harness.fault.HealthReport;
import dev.firedrill.harness.lb.TargetHealth;
import dev.firedrill.harness.lb.TargetState;
import dev.firedrill.harness.net.BlockMode;
import dev.firedrill.harness.net.Link;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks that a deployment is back to normal after heals: links clear (no toxics, no blocks, enabled),
 * every replica streaming, every instance running, every ALB target healthy, Redis answering.
 */
final class TopologyHealth {
    private final EmbeddedDeployment d;

    TopologyHealth(EmbeddedDeployment d) {
        this.d = d;
    }

    HealthReport await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HealthReport last;
        do {
            last = once();
            if (last.healthy()) {
                return last;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
        } while (System.nanoTime() < deadline);
        return last;
    }

    HealthReport once() {
        List<String> checks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int clear = 0;
        for (Link l : d.linkRegistry().links()) {
            boolean sgDenied = l.securityGroupDenial().isPresent();
            if (!l.isEnabled()) {
                problems.add("link " + l.name() + " is disabled");
            } else if (!l.toxics().isEmpty()) {
                problems.add("link " + l.name() + " still has toxics " + l.toxics().stream().map(t -> t.name()).toList());
            } else if (l.blockMode() != BlockMode.NONE && !sgDenied) {
                problems.add("link " + l.name() + " is blocked (" + l.blockMode() + ")");
            } else {
                clear++;
            }
        }
        checks.add(clear + " links clear");
        for (String r : d.rebuilding()) {
            problems.add("replica " + r + " is still being rebuilt after a failover");
        }
        PostgresServer p = d.primary();
        if (p != null) {
            List<PostgresServer> replicas = d.replicas();
            try {
                PostgresReplicationStatus s = p.replicationStatus();
                long streaming = s.standbys().stream().filter(x -> "streaming".equals(x.state())).count();
                if (streaming < replicas.size()) {
                    problems.add(streaming + " of " + replicas.size() + " replicas streaming from " + p.name());
                } else {
                    checks.add(replicas.size() + " replica(s) streaming from " + p.name());
                }
                for (PostgresServer r : replicas) {
                    PostgresReplicationStatus rs = r.replicationStatus();
                    if (rs.replayPauseState().isPresent() && !"not paused".equals(rs.replayPauseState().get())) {
                        problems.add("replay on " + r.name() + " is " + rs.replayPauseState().get());
                    }
                }
            } catch (RuntimeException e) {
                problems.add("primary " + p.name() + " does not answer: " + e.getMessage());
            }
        }
        for (AppInstance i : d.instances().values()) {
            if (!i.isAlive()) {
                problems.add("instance " + i.name() + " is not running");
            }
        }
        if (d.alb() != null) {
            Map<String, TargetHealth> h = d.alb().targetHealth();
            long healthy = h.values().stream().filter(t -> t.state() == TargetState.HEALTHY).count();
            if (healthy < h.size()) {
                problems.add(healthy + " of " + h.size() + " targets healthy: " + h);
            } else {
                checks.add(healthy + " targets healthy");
            }
        }
        if (d.redis() != null) {
            if (d.redis().ping()) {
                checks.add("redis answers PING");
            } else {
                problems.add("redis does not answer PING");
            }
        }
        return new HealthReport(problems.isEmpty(), checks, problems);
    }
}
