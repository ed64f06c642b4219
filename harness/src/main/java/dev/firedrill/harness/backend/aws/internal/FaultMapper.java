package dev.firedrill.harness.backend.aws.internal;

import static dev.firedrill.harness.backend.aws.internal.Cfn.obj;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.backend.aws.FisExperiments.Action;
import dev.firedrill.harness.backend.aws.FisExperiments.Experiment;
import dev.firedrill.harness.backend.aws.FisExperiments.Mapping;
import dev.firedrill.harness.backend.aws.FisExperiments.ThroughSdk;
import dev.firedrill.harness.backend.aws.FisExperiments.Unsupported;
import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.fault.Selector;
import dev.firedrill.harness.scenario.FaultStep;
import dev.firedrill.harness.scenario.Scenario;
import dev.firedrill.harness.topology.ComponentSpec;
import dev.firedrill.harness.topology.Database;
import dev.firedrill.harness.topology.FailoverProfile;
import dev.firedrill.harness.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps each fault step to FIS (../shared/AWS.md, "Fault → AWS mechanism"): the instance faults and the database,
 * cache and queue faults here; the network ones (partitions, latency, AZ outages) in {@link NetworkMapper}.
 */
public final class FaultMapper {
    private FaultMapper() {
    }

    /** One fault step being mapped. */
    record Step(Scenario scenario, String runId, Stack stack, SubnetCuts cuts, int index, FaultStep step,
                Duration lasting) {
        Topology topology() {
            return scenario.topology();
        }

        /** {@code d} rounded up to a FIS duration, with a note when that changed it. */
        Duration fisDuration(List<String> notes) {
            Duration r = FisJson.roundUp(lasting);
            if (r != null && !r.equals(lasting)) {
                notes.add("lasts " + dev.firedrill.harness.topology.Durations.format(lasting)
                        + " in the scenario; FIS actions last PT1M to PT12H, so it lasts " + FisJson.iso(r) + " here");
            }
            return r;
        }

        Experiment experiment(String kind, ObjectNode targets, ObjectNode actions, List<Action> billed,
                List<String> notes) {
            String description = "firedrill " + scenario.name() + " faults[" + index + "]: " + step.fault().kind()
                    + " " + step.fault().target() + " (run " + runId + ")";
            return new Experiment(index, step, LogicalIds.experiment(index, kind), billed, notes,
                    FisJson.experiment(stack, description, targets, actions, scenario.name() + "-faults-" + index));
        }

        Unsupported unsupported(String reason) {
            return new Unsupported(index, step, reason);
        }
    }

    public static List<Mapping> map(Scenario s, String runId) {
        Stack stack = new Stack(s.topology(), runId);
        SubnetCuts cuts = new SubnetCuts(s.topology());
        List<Mapping> out = new ArrayList<>();
        for (int i = 0; i < s.faults().size(); i++) {
            FaultStep f = s.faults().get(i);
            Duration lasting = f.duration() != null ? f.duration() : s.duration().minus(f.at());
            Step step = new Step(s, runId, stack, cuts, i, f, lasting.isZero() ? Duration.ofSeconds(1) : lasting);
            out.add(map(step));
        }
        return out;
    }

    private static Mapping map(Step s) {
        if (FisJson.roundUp(s.lasting()) == null) {
            return s.unsupported("it lasts longer than 12 h, the longest a FIS action runs");
        }
        Fault f = s.step().fault();
        if (f instanceof Fault.InstanceFault i) {
            return instance(s, i);
        } else if (f instanceof Fault.ReplicaLag r) {
            return replicaLag(s, r);
        } else if (f instanceof Fault.Failover fo) {
            return failover(s, fo);
        } else if (f instanceof Fault.CacheOutage c) {
            return NetworkMapper.cacheOutage(s, c);
        } else if (f instanceof Fault.QueueOutage q) {
            return queueOutage(s, q);
        } else if (f instanceof Fault.Partition p) {
            return NetworkMapper.partition(s, p);
        } else if (f instanceof Fault.ToxicFault t) {
            return NetworkMapper.toxic(s, t);
        } else if (f instanceof Fault.AzOutage a) {
            return NetworkMapper.azOutage(s, a);
        }
        return s.unsupported("the aws target does not know fault kind " + f.kind());
    }

    private static Mapping instance(Step s, Fault.InstanceFault i) {
        if (i.action() == Fault.InstanceAction.PAUSE) {
            return s.unsupported("no FIS action pauses a VM: a whole-instance freeze (SIGSTOP on the embedded "
                    + "backend) has no AWS equivalent");
        }
        List<String> notes = new ArrayList<>();
        Selection sel = selection(s, i.selector(), notes);
        ObjectNode targets = obj();
        targets.set("AppInstances", FisJson.instances(s.topology(), s.runId(), sel.mode(), sel.az()));
        ObjectNode actions = obj();
        List<Action> billed = new ArrayList<>();
        switch (i.action()) {
            case KILL -> {
                actions.set("TerminateInstances", FisJson.action("aws:ec2:terminate-instances",
                        "terminate " + i.selector(), "Instances", "AppInstances", null));
                billed.add(new Action("TerminateInstances", "aws:ec2:terminate-instances", FisJson.MIN));
                notes.add("the Auto Scaling group replaces the terminated instance once it notices (the embedded "
                        + "backend starts a replacement when the fault heals)");
            }
            case STOP -> {
                Duration d = s.fisDuration(notes);
                ObjectNode p = obj().put("startInstancesAfterDuration", FisJson.iso(d))
                        .put("completeIfInstancesTerminated", "true");
                actions.set("StopInstances", FisJson.action("aws:ec2:stop-instances", "stop " + i.selector()
                        + ", start again after " + FisJson.iso(d), "Instances", "AppInstances", p));
                billed.add(new Action("StopInstances", "aws:ec2:stop-instances", d));
                notes.add("the Auto Scaling group may terminate and replace a stopped instance that fails its ELB "
                        + "health checks before FIS starts it again");
            }
            default -> {
                actions.set("RebootInstances", FisJson.action("aws:ec2:reboot-instances", "reboot " + i.selector(),
                        "Instances", "AppInstances", null));
                billed.add(new Action("RebootInstances", "aws:ec2:reboot-instances", FisJson.MIN));
                notes.add("the whole instance reboots and the app comes back with its systemd unit (the embedded "
                        + "backend restarts the process only)");
            }
        }
        return s.experiment(i.kind(), targets, actions, billed, notes);
    }

    /** A FIS selection mode (and AZ filter) for a selector, with a note where FIS chooses differently. */
    record Selection(String mode, String az) {
    }

    static Selection selection(Step s, Selector sel, List<String> notes) {
        if (sel instanceof Selector.Count c) {
            notes.add("FIS picks the instance(s) at random, not from the scenario's seed (ListExperimentResolvedTargets "
                    + "tells which)");
            return new Selection("COUNT(" + c.n() + ")", null);
        } else if (sel instanceof Selector.Percent p) {
            notes.add("FIS picks the instances at random, not from the scenario's seed, and rounds the percentage its "
                    + "own way");
            return new Selection("PERCENT(" + p.p() + ")", null);
        } else if (sel instanceof Selector.InAz z) {
            return new Selection("ALL", z.az());
        }
        List<String> names = ((Selector.Named) sel).names();
        List<String> azs = names.stream().map(n -> azOf(s.topology(), n)).distinct().toList();
        String az = azs.size() == 1 ? azs.get(0) : null;
        notes.add("FIS cannot target " + FisJson.and(names) + " by name: it picks " + names.size() + " of the "
                + "fleet's instances at random" + (az == null ? "" : " in " + az));
        return new Selection("COUNT(" + names.size() + ")", az);
    }

    static String azOf(Topology t, String component) {
        return t.components().stream().filter(c -> c.name().equals(component)).map(ComponentSpec::az).findFirst()
                .orElse(null);
    }

    private static Mapping replicaLag(Step s, Fault.ReplicaLag r) {
        Database d = s.topology().database();
        String which = r.replica() == null ? "every replica" : r.replica();
        String groups = r.replica() == null ? "DbParamsReplica1.." + LogicalIds.replicaParams(d.replicas())
                : LogicalIds.replicaParams(Integer.parseInt(r.replica().substring(r.replica().lastIndexOf('-') + 1)));
        return switch (r.mode()) {
            case PAUSE -> new ThroughSdk(s.index(), s.step(), "no FIS action: on " + which + ", as the master user "
                    + "(rds_superuser), SELECT pg_wal_replay_pause(), and pg_wal_replay_resume() at the heal "
                    + "(PostgreSQL 17.6+; the stack runs " + DatabasePart.ENGINE_VERSION + ")");
            case APPLY_DELAY -> new ThroughSdk(s.index(), s.step(), "no FIS action: ModifyDBParameterGroup on "
                    + groups + " sets recovery_min_apply_delay (dynamic, ApplyMethod immediate) to "
                    + r.delay().toMillis() + " ms, and back to 0 at the heal");
            case THROTTLE -> s.unsupported("RDS's replication stream is internal to RDS: no FIS action or API "
                    + "throttles it (use mode pause or delay to make the replica lag)");
        };
    }

    private static Mapping failover(Step s, Fault.Failover f) {
        FailoverProfile stackProfile = s.topology().database().failoverProfile();
        if (f.profile() != null && f.profile() != stackProfile) {
            return s.unsupported("the stack's database is what the topology says (" + stackProfile.id() + "); a "
                    + "failover with profile " + f.profile().id() + " needs that kind of database on AWS");
        }
        if (!DatabasePart.multiAz(s.topology().database())) {
            return s.unsupported("profile " + stackProfile.id() + " gives a single-AZ RDS instance with no standby: "
                    + "FIS fails over Multi-AZ instances only (aws:rds:reboot-db-instances with forceFailover), and "
                    + "promoting the read replica (PromoteReadReplica) is permanent and does not move the writer's "
                    + "endpoint");
        }
        List<String> notes = new ArrayList<>();
        ObjectNode targets = obj();
        targets.set("DbPrimary", FisJson.dbPrimary(s.topology(), s.runId(), null));
        ObjectNode actions = obj();
        actions.set("FailoverDb", FisJson.action("aws:rds:reboot-db-instances", "reboot the primary with failover "
                + "to its Multi-AZ standby", "DBInstances", "DbPrimary", obj().put("forceFailover", "true")));
        notes.add("RDS fails over to the Multi-AZ standby (typically 60-120 s, AWS's own timing); the read replica "
                + "is not promoted and keeps replicating, and the synchronous standby loses no acknowledged write "
                + "(the embedded backend promotes the replica, so its RPO can be above zero)");
        return s.experiment("failover", targets, actions,
                List.of(new Action("FailoverDb", "aws:rds:reboot-db-instances", FisJson.MIN)), notes);
    }

    private static Mapping queueOutage(Step s, Fault.QueueOutage q) {
        if (q.mode() == Fault.QueueMode.ERRORS) {
            return s.unsupported("SQS cannot be made to answer HTTP 500s: a deny statement in the queue policy gives "
                    + "403 AccessDenied, a different failure");
        }
        return s.unsupported("FIS has no SQS action: a blackhole needs aws:network:disrupt-vpc-endpoint on an SQS "
                + "interface endpoint, and the stack reaches SQS through the NAT gateway (an ACL on the NAT "
                + "gateway's subnet would cut the load balancer too)");
    }
}
