package dev.firedrill.harness.backend.aws.internal;

import static dev.firedrill.harness.backend.aws.internal.Cfn.obj;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.backend.aws.FisExperiments.Action;
import dev.firedrill.harness.backend.aws.FisExperiments.Mapping;
import dev.firedrill.harness.backend.aws.FisExperiments.Unsupported;
import dev.firedrill.harness.backend.aws.internal.FaultMapper.Step;
import dev.firedrill.harness.backend.aws.internal.SubnetCuts.Scope;
import dev.firedrill.harness.backend.aws.internal.SubnetCuts.Verdict;
import dev.firedrill.harness.fault.Edge;
import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.fault.FaultAction;
import dev.firedrill.harness.fault.FaultPlan;
import dev.firedrill.harness.fault.FaultPlanner;
import dev.firedrill.harness.fault.Targets;
import dev.firedrill.harness.topology.Database;
import dev.firedrill.harness.topology.Subnet;
import dev.firedrill.harness.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The network faults: partitions and a cache cut off map to {@code aws:network:disrupt-connectivity} when a
 * network ACL on some subnets cuts exactly their edges ({@link SubnetCuts}); AZ outages to FIS's "AZ Availability:
 * Power Interruption" composition; latency to {@code aws:ssm:send-command} with
 * {@code AWSFIS-Run-Network-Latency-Sources} ({@link LatencyMapper}).
 */
final class NetworkMapper {
    private NetworkMapper() {
    }

    static Mapping partition(Step s, Fault.Partition p) {
        if (p.mode() == Fault.PartitionMode.REJECT) {
            return s.unsupported("network ACLs drop packets, so clients time out: nothing on AWS refuses the "
                    + "connections with a reset (mode blackhole is what AWS can do)");
        }
        List<Edge> planned = blocked(s);
        List<Candidate> candidates = new ArrayList<>();
        azCandidate(s.topology(), p, s.cuts()).ifPresent(candidates::add);
        candidates.add(new Candidate(s.cuts().subnetsOf(planned, true), Scope.ALL));
        candidates.add(new Candidate(s.cuts().subnetsOf(planned, false), Scope.ALL));
        return disrupt(s, "partition", planned, candidates);
    }

    static Mapping cacheOutage(Step s, Fault.CacheOutage c) {
        String noAzPower = "aws:elasticache:replicationgroup-interrupt-az-power needs a Multi-AZ replication group "
                + "with at least 2 nodes and fails over rather than taking the cache away, and the topology's cache "
                + "is one node";
        if (c.mode() == Fault.CacheMode.KILL) {
            return s.unsupported("FIS cannot stop one ElastiCache node: " + noAzPower);
        }
        List<Edge> planned = blocked(s);
        Mapping m = disrupt(s, "cache-outage", planned, List.of(new Candidate(Set.of(s.topology().cache().subnet()),
                Scope.ALL)));
        if (m instanceof Unsupported u) {
            return s.unsupported(u.reason() + "; and " + noAzPower);
        }
        return m;
    }

    static Mapping toxic(Step s, Fault.ToxicFault t) {
        return LatencyMapper.map(s, t, edges(s));
    }

    /** The partition's candidate ACL: subnets and a scope. */
    record Candidate(Set<String> subnets, Scope scope) {
    }

    /** {@code a|b} with AZs on both sides, one AZ against all the others: scope availability-zone on its subnets. */
    private static Optional<Candidate> azCandidate(Topology t, Fault.Partition p, SubnetCuts cuts) {
        Set<String> from = azs(t, p.from());
        Set<String> to = azs(t, p.to());
        if (from == null || to == null) {
            return Optional.empty();
        }
        Set<String> all = new HashSet<>(t.vpc().azs());
        for (Set<String> side : List.of(from, to)) {
            Set<String> rest = new HashSet<>(all);
            rest.removeAll(side);
            Set<String> other = side == from ? to : from;
            if (side.size() == 1 && other.equals(rest)) {
                return Optional.of(new Candidate(cuts.subnetsIn(side.iterator().next()),
                        Scope.AVAILABILITY_ZONE));
            }
        }
        return Optional.empty();
    }

    private static Set<String> azs(Topology t, List<String> side) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : side) {
            String bare = n.startsWith("az:") ? n.substring(3) : n;
            if (!t.vpc().azs().contains(bare)) {
                return null;
            }
            out.add(bare);
        }
        return out;
    }

    /** The best candidate that cuts every planned edge, as a disrupt-connectivity experiment; else the reason. */
    private static Mapping disrupt(Step s, String kind, List<Edge> planned, List<Candidate> candidates) {
        Verdict best = null;
        Verdict closest = null;
        for (Candidate c : candidates) {
            if (c.subnets().isEmpty()) {
                continue;
            }
            Verdict v = s.cuts().evaluate(planned, c.subnets(), c.scope());
            if (v.missing().isEmpty() && (best == null
                    || v.extra().size() + v.partial().size() < best.extra().size() + best.partial().size())) {
                best = v;
            }
            if (closest == null || v.missing().size() < closest.missing().size()) {
                closest = v;
            }
        }
        if (best == null) {
            Verdict c = closest;
            List<String> why = c == null ? List.of("no subnet holds either side")
                    : c.missing().stream().limit(3).map(e -> s.cuts().whyNotCut(e, c)).toList();
            return s.unsupported("FIS partitions whole subnets (aws:network:disrupt-connectivity clones their "
                    + "network ACLs with deny rules) and no ACL cuts exactly this: " + String.join("; ", why)
                    + " (ACLs do not filter traffic within a subnet, and a security-group change does not cut "
                    + "tracked connections); put the two sides in different subnets to rehearse it on AWS");
        }
        List<String> notes = new ArrayList<>();
        Duration d = s.fisDuration(notes);
        notes.add("network ACL deny rules drop packets both ways (clients time out, as with mode blackhole); FIS "
                + "restores the ACLs after " + FisJson.iso(d));
        extras(best, notes);
        List<String> subnets = s.topology().vpc().subnets().stream().map(Subnet::name)
                .filter(best.subnets()::contains).toList();
        ObjectNode targets = obj();
        targets.set("Subnets", FisJson.subnets(subnets));
        ObjectNode actions = obj();
        actions.set("DisruptSubnets", FisJson.action("aws:network:disrupt-connectivity", "deny traffic of "
                + FisJson.and(subnets) + " (scope " + best.scope().id() + ")", "Subnets", "Subnets",
                obj().put("scope", best.scope().id()).put("duration", FisJson.iso(d))));
        return s.experiment(kind, targets, actions,
                List.of(new Action("DisruptSubnets", "aws:network:disrupt-connectivity", d)), notes);
    }

    private static void extras(Verdict v, List<String> notes) {
        if (!v.extra().isEmpty()) {
            notes.add("also cuts " + FisJson.and(v.extra().stream().map(Edge::toString).toList())
                    + ", which the fault does not name");
        }
        if (!v.partial().isEmpty()) {
            notes.add("partly cuts " + FisJson.and(v.partial().stream().map(Edge::toString).toList())
                    + " (some of their paths cross the ACL)");
        }
    }

    /**
     * FIS's "AZ Availability: Power Interruption" for the topology: deny all traffic of the AZ's subnets, stop its
     * instances (started again when the outage ends) and keep the Auto Scaling group from launching there, and
     * fail the database over when its primary is in the AZ.
     */
    static Mapping azOutage(Step s, Fault.AzOutage a) {
        Topology t = s.topology();
        String az = a.az();
        List<String> notes = new ArrayList<>();
        Duration d = s.fisDuration(notes);
        Set<String> subnets = s.cuts().subnetsIn(az);
        ObjectNode targets = obj();
        ObjectNode actions = obj();
        List<Action> billed = new ArrayList<>();
        targets.set("AzSubnets", FisJson.subnets(subnets));
        actions.set("DisruptSubnets", FisJson.action("aws:network:disrupt-connectivity", "deny all traffic of "
                + az + "'s subnets", "Subnets", "AzSubnets", obj().put("scope", "all").put("duration",
                FisJson.iso(d))));
        billed.add(new Action("DisruptSubnets", "aws:network:disrupt-connectivity", d));

        boolean fleetInAz = t.fleet() != null && t.fleet().count() > 0
                && t.fleet().subnets().stream().anyMatch(subnets::contains);
        if (fleetInAz) {
            targets.set("AzInstances", FisJson.instances(t, s.runId(), "ALL", az));
            actions.set("StopInstances", FisJson.action("aws:ec2:stop-instances", "stop the instances in " + az
                    + ", start them after " + FisJson.iso(d), "Instances", "AzInstances",
                    obj().put("startInstancesAfterDuration", FisJson.iso(d))
                            .put("completeIfInstancesTerminated", "true")));
            billed.add(new Action("StopInstances", "aws:ec2:stop-instances", d));
            targets.set("Asg", FisJson.autoScalingGroup(t, s.runId()));
            actions.set("InsufficientCapacity", FisJson.action("aws:ec2:asg-insufficient-instance-capacity-error",
                    "no new instances in " + az, "AutoScalingGroups", "Asg", obj().put("availabilityZoneIdentifiers",
                            az).put("duration", FisJson.iso(d)).put("percentage", "100")));
            billed.add(new Action("InsufficientCapacity", "aws:ec2:asg-insufficient-instance-capacity-error", d));
            notes.add("the instances in " + az + " are stopped and started again after " + FisJson.iso(d)
                    + ", and the Auto Scaling group cannot launch replacements there meanwhile (the embedded backend "
                    + "kills them); which instances live in " + az + " is the Auto Scaling group's choice");
        }
        Database db = t.database();
        if (db != null && t.vpc().subnet(db.primarySubnet()).az().equals(az)) {
            if (DatabasePart.multiAz(db)) {
                targets.set("DbPrimary", FisJson.dbPrimary(t, s.runId(), az));
                actions.set("FailoverDb", FisJson.action("aws:rds:reboot-db-instances", "fail the primary over "
                        + "to its standby while it is in " + az, "DBInstances", "DbPrimary",
                        obj().put("forceFailover", "true")));
                billed.add(new Action("FailoverDb", "aws:rds:reboot-db-instances", FisJson.MIN));
                notes.add("RDS places a Multi-AZ primary itself: the failover targets it only while it is in " + az
                        + ", and the experiment fails at start (emptyTargetResolutionMode fail) if RDS put it in the "
                        + "other AZ; the standby takes over, the read replica is not promoted");
            } else {
                notes.add("the single-AZ primary has no standby: it is cut off for the outage (the embedded backend "
                        + "promotes the replica)");
            }
        }
        if (t.cache() != null && subnets.contains(t.cache().subnet())) {
            notes.add("the cache node in " + az + " is cut off by the ACL (ElastiCache's own AZ power interruption "
                    + "needs a Multi-AZ replication group)");
        }
        Subnet nat = s.stack().natSubnet();
        if (nat != null && nat.az().equals(az) && t.vpc().azs().size() > 1) {
            notes.add("the only NAT gateway is in " + nat.name() + ": the other AZs lose their egress (SQS, SSM, "
                    + "downloads) for the outage too");
        }
        if (t.loadBalancer() != null && t.loadBalancer().subnets().stream().anyMatch(subnets::contains)) {
            notes.add("clients that reach the load balancer's node in " + az + " time out: its DNS name keeps "
                    + "answering with that node's address (an ARC zonal shift would move them)");
        }
        return s.experiment("az-outage", targets, actions, billed, notes);
    }

    /** The edges a fault's plan blocks. */
    private static List<Edge> blocked(Step s) {
        return plan(s).actions().stream().filter(FaultAction.Block.class::isInstance)
                .map(x -> ((FaultAction.Block) x).edge()).distinct().toList();
    }

    /** The edges a toxic fault's plan puts toxics on. */
    private static List<Edge> edges(Step s) {
        return plan(s).actions().stream().filter(FaultAction.AddToxic.class::isInstance)
                .map(x -> ((FaultAction.AddToxic) x).edge()).distinct().toList();
    }

    private static FaultPlan plan(Step s) {
        Topology t = s.topology();
        return FaultPlanner.plan(s.step().fault(), Targets.of(t), new SplittableRandom(s.scenario().seed()),
                t.database() == null ? null : t.database().failoverProfile());
    }
}
