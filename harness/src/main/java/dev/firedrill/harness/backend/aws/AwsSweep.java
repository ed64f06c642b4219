package dev.firedrill.harness.backend.aws;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * Finds, and deletes, everything still tagged with a run id ({@value AwsStack#RUN_TAG}), service by service:
 * what a failed stack deletion retained, what a killed harness left, what FIS changed. {@link #find} only lists;
 * {@link #delete} stops the run's FIS experiments first (FIS restores the network ACLs it changed when they end),
 * then removes in dependency order (instances and load balancers before subnets, security groups and the VPC; the
 * ACLs FIS left, {@code managedByFIS=true}, before their subnets; IAM roles; the backstop, {@link AwsBackstop},
 * last) and returns what is still there afterwards. A backstop whose stack still exists is kept: it is what
 * deletes that stack if nobody else does. What cannot be listed (FIS on moto) is in {@link #notes()}.
 */
public final class AwsSweep {
    /** A resource of a run: its type and id as the AWS API names them. */
    public record Leftover(String type, String id) {
        @Override
        public String toString() {
            return type + " " + id;
        }
    }

    private final AwsClients aws;
    private final String tagKey;
    private final String tagValue;
    private volatile List<String> notes = List.of();

    /** @param runId a run id, or null for every run (any value of the tag) */
    public AwsSweep(AwsClients aws, String runId) {
        this.aws = aws;
        this.tagKey = AwsStack.RUN_TAG;
        this.tagValue = runId;
    }

    private Filter tag() {
        return tagValue == null ? Filter.builder().name("tag-key").values(tagKey).build()
                : Filter.builder().name("tag:" + tagKey).values(tagValue).build();
    }

    private boolean matches(String key, String value) {
        return tagKey.equals(key) && (tagValue == null || tagValue.equals(value));
    }

    /** What the last {@link #find} could not check, e.g. "FIS experiment templates not checked: ...". */
    public List<String> notes() {
        return notes;
    }

    /** Every resource still tagged with the run id. */
    public List<Leftover> find() {
        List<Leftover> out = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        SweepFis.find(aws.fis(), this::matches, out, unchecked);
        Ec2Client ec2 = aws.ec2();
        ec2.describeInstances(b -> b.filters(tag())).reservations().forEach(r -> r.instances().stream()
                .filter(i -> !"terminated".equals(i.state().nameAsString()) && !"shutting-down".equals(i.state()
                        .nameAsString())).forEach(i -> out.add(new Leftover("ec2:instance", i.instanceId()))));
        aws.asg().describeAutoScalingGroups().autoScalingGroups().stream()
                .filter(g -> g.tags().stream().anyMatch(t -> matches(t.key(), t.value())))
                .forEach(g -> out.add(new Leftover("autoscaling:group", g.autoScalingGroupName())));
        var lbs = aws.elb().describeLoadBalancers().loadBalancers();
        for (var lb : lbs) {
            if (elbTagged(lb.loadBalancerArn())) {
                out.add(new Leftover("elasticloadbalancing:loadbalancer", lb.loadBalancerArn()));
            }
        }
        for (var tg : aws.elb().describeTargetGroups().targetGroups()) {
            if (elbTagged(tg.targetGroupArn())) {
                out.add(new Leftover("elasticloadbalancing:targetgroup", tg.targetGroupArn()));
            }
        }
        for (DBInstance db : aws.rds().describeDBInstances().dbInstances()) {
            if (db.tagList().stream().anyMatch(t -> matches(t.key(), t.value()))
                    && !"deleting".equals(db.dbInstanceStatus())) {
                out.add(new Leftover("rds:db", db.dbInstanceIdentifier()));
            }
        }
        ec2.describeNatGateways(b -> b.filter(tag())).natGateways().stream()
                .filter(n -> !"deleted".equals(n.stateAsString()) && !"deleting".equals(n.stateAsString()))
                .forEach(n -> out.add(new Leftover("ec2:natgateway", n.natGatewayId())));
        ec2.describeAddresses(b -> b.filters(tag())).addresses()
                .forEach(a -> out.add(new Leftover("ec2:elastic-ip", a.allocationId())));
        ec2.describeInternetGateways(b -> b.filters(tag())).internetGateways()
                .forEach(g -> out.add(new Leftover("ec2:internet-gateway", g.internetGatewayId())));
        ec2.describeSubnets(b -> b.filters(tag())).subnets()
                .forEach(s -> out.add(new Leftover("ec2:subnet", s.subnetId())));
        ec2.describeRouteTables(b -> b.filters(tag())).routeTables()
                .forEach(r -> out.add(new Leftover("ec2:route-table", r.routeTableId())));
        SweepNacls.find(ec2, tag(), out);
        ec2.describeSecurityGroups(b -> b.filters(tag())).securityGroups()
                .forEach(g -> out.add(new Leftover("ec2:security-group", g.groupId())));
        ec2.describeLaunchTemplates(b -> b.filters(tag())).launchTemplates()
                .forEach(t -> out.add(new Leftover("ec2:launch-template", t.launchTemplateId())));
        ec2.describeVpcs(b -> b.filters(tag())).vpcs().forEach(v -> out.add(new Leftover("ec2:vpc", v.vpcId())));
        for (String url : aws.sqs().listQueues().queueUrls()) {
            var tags = aws.sqs().listQueueTags(b -> b.queueUrl(url)).tags();
            if (tags.entrySet().stream().anyMatch(e -> matches(e.getKey(), e.getValue()))) {
                out.add(new Leftover("sqs:queue", url));
            }
        }
        SweepIam.findSchedules(aws.scheduler(), tagValue, out);
        SweepIam.findRoles(aws.iam(), this::matches, out);
        notes = List.copyOf(unchecked);
        return out;
    }

    private boolean elbTagged(String arn) {
        try {
            for (TagDescription d : aws.elb().describeTags(b -> b.resourceArns(arn)).tagDescriptions()) {
                if (d.tags().stream().anyMatch(t -> matches(t.key(), t.value()))) {
                    return true;
                }
            }
        } catch (SdkException e) {
            // gone meanwhile
        }
        return false;
    }

    /** Deletes every leftover in dependency order, one attempt each; returns what is still there. */
    public List<Leftover> delete(Consumer<String> progress) {
        List<Leftover> found = find();
        notes.forEach(n -> progress.accept("note: " + n));
        SweepFis.stop(aws.fis(), found.stream().filter(l -> l.type().equals(SweepFis.EXPERIMENT)).toList(),
                progress);
        Set<String> kept = new HashSet<>();
        for (Leftover l : found) {
            String stack = l.type().equals(SweepIam.SCHEDULE) ? AwsBackstop.stackOf(aws.scheduler(), l.id()) : null;
            if (stack != null && new AwsStack(aws, stack).exists()) {
                kept.add(l.id());
                progress.accept("kept " + l + " and its role: the stack " + stack + " it deletes still exists "
                        + "(./firedrill aws down deletes both)");
            }
        }
        for (String type : List.of("autoscaling:group", "ec2:instance", "elasticloadbalancing:loadbalancer",
                "elasticloadbalancing:targetgroup", "rds:db", "ec2:natgateway", "ec2:elastic-ip",
                "ec2:internet-gateway", "ec2:route-table", SweepNacls.TYPE, "ec2:subnet", "ec2:security-group",
                "ec2:launch-template", "ec2:vpc", "sqs:queue", SweepFis.TEMPLATE, SweepIam.SCHEDULE,
                SweepIam.ROLE)) {
            // read replicas before their source
            List<Leftover> ofType = found.stream().filter(l -> l.type().equals(type)).sorted((a, b) ->
                    Boolean.compare(!isReplica(a), !isReplica(b))).toList();
            for (Leftover l : ofType) {
                if (kept.contains(l.id())) {
                    continue;
                }
                try {
                    deleteOne(l);
                    progress.accept("deleted " + l);
                } catch (SdkException e) {
                    progress.accept("could not delete " + l + ": " + e.getMessage());
                }
            }
        }
        return find();
    }

    private boolean isReplica(Leftover l) {
        if (!l.type().equals("rds:db")) {
            return false;
        }
        try {
            return aws.rds().describeDBInstances(b -> b.dbInstanceIdentifier(l.id())).dbInstances().stream()
                    .anyMatch(d -> d.readReplicaSourceDBInstanceIdentifier() != null);
        } catch (SdkException e) {
            return false;
        }
    }

    private void deleteOne(Leftover l) {
        Ec2Client ec2 = aws.ec2();
        switch (l.type()) {
            case "autoscaling:group" -> aws.asg().deleteAutoScalingGroup(b -> b.autoScalingGroupName(l.id())
                    .forceDelete(true));
            case "ec2:instance" -> ec2.terminateInstances(b -> b.instanceIds(l.id()));
            case "elasticloadbalancing:loadbalancer" -> aws.elb().deleteLoadBalancer(b -> b.loadBalancerArn(l.id()));
            case "elasticloadbalancing:targetgroup" -> aws.elb().deleteTargetGroup(b -> b.targetGroupArn(l.id()));
            case "rds:db" -> aws.rds().deleteDBInstance(b -> b.dbInstanceIdentifier(l.id()).skipFinalSnapshot(true)
                    .deleteAutomatedBackups(true));
            case "ec2:natgateway" -> ec2.deleteNatGateway(b -> b.natGatewayId(l.id()));
            case "ec2:elastic-ip" -> ec2.releaseAddress(b -> b.allocationId(l.id()));
            case "ec2:internet-gateway" -> {
                ec2.describeInternetGateways(b -> b.internetGatewayIds(l.id())).internetGateways().forEach(g ->
                        g.attachments().forEach(a -> ec2.detachInternetGateway(b -> b.internetGatewayId(l.id())
                                .vpcId(a.vpcId()))));
                ec2.deleteInternetGateway(b -> b.internetGatewayId(l.id()));
            }
            case "ec2:route-table" -> {
                ec2.describeRouteTables(b -> b.routeTableIds(l.id())).routeTables().forEach(r ->
                        r.associations().stream().filter(a -> !Boolean.TRUE.equals(a.main())).forEach(a ->
                                ec2.disassociateRouteTable(b -> b.associationId(a.routeTableAssociationId()))));
                ec2.deleteRouteTable(b -> b.routeTableId(l.id()));
            }
            case "ec2:subnet" -> ec2.deleteSubnet(b -> b.subnetId(l.id()));
            case "ec2:security-group" -> {
                ec2.describeSecurityGroups(b -> b.groupIds(l.id())).securityGroups().forEach(g -> {
                    if (!g.ipPermissions().isEmpty()) {
                        ec2.revokeSecurityGroupIngress(b -> b.groupId(l.id()).ipPermissions(g.ipPermissions()));
                    }
                });
                ec2.deleteSecurityGroup(b -> b.groupId(l.id()));
            }
            case "ec2:launch-template" -> ec2.deleteLaunchTemplate(b -> b.launchTemplateId(l.id()));
            case "ec2:vpc" -> ec2.deleteVpc(b -> b.vpcId(l.id()));
            case "sqs:queue" -> aws.sqs().deleteQueue(b -> b.queueUrl(l.id()));
            case SweepNacls.TYPE -> SweepNacls.delete(ec2, l);
            case SweepFis.TEMPLATE -> SweepFis.deleteTemplate(aws.fis(), l);
            case SweepIam.SCHEDULE -> aws.scheduler().deleteSchedule(b -> b.name(l.id()));
            case SweepIam.ROLE -> AwsBackstop.deleteRole(aws.iam(), l.id());
            default -> throw new IllegalArgumentException("unknown leftover type " + l.type());
        }
    }
}
