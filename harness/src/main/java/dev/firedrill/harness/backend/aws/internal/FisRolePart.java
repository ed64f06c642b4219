package dev.firedrill.harness.backend.aws.internal;

import static dev.firedrill.harness.backend.aws.internal.Cfn.arr;
import static dev.firedrill.harness.backend.aws.internal.Cfn.obj;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.backend.aws.AwsTags;
import java.util.List;

/**
 * The role FIS experiments run as (../shared/AWS.md, "IAM for the FIS experiment role"): it trusts
 * {@code fis.amazonaws.com} for this account's experiments only ({@code aws:SourceAccount}, {@code aws:SourceArn}),
 * carries AWS's managed FIS policies for EC2, networking, RDS and SSM, and an inline policy for what they do not
 * cover: ElastiCache's AZ power interruption (scoped to this run's tag) and the Auto Scaling capacity errors of an
 * AZ outage. A fresh role takes seconds to be usable: whoever starts an experiment right after the stack should
 * retry.
 */
public final class FisRolePart {
    private FisRolePart() {
    }

    public static void add(Stack s) {
        ObjectNode r = s.add(LogicalIds.FIS_ROLE, "AWS::IAM::Role");
        ObjectNode condition = obj();
        condition.set("StringEquals", obj().set("aws:SourceAccount", Cfn.sub("${AWS::AccountId}")));
        condition.set("ArnLike", obj().set("aws:SourceArn", Cfn.sub("arn:${AWS::Partition}:fis:${AWS::Region}:"
                + "${AWS::AccountId}:experiment/*")));
        ObjectNode trust = obj().put("Effect", "Allow");
        trust.set("Principal", obj().put("Service", "fis.amazonaws.com"));
        trust.put("Action", "sts:AssumeRole");
        trust.set("Condition", condition);
        r.set("AssumeRolePolicyDocument", Cfn.policy(List.of(trust)));
        r.set("ManagedPolicyArns", arr(
                Cfn.managedPolicy("service-role/AWSFaultInjectionSimulatorEC2Access"),
                Cfn.managedPolicy("service-role/AWSFaultInjectionSimulatorNetworkAccess"),
                Cfn.managedPolicy("service-role/AWSFaultInjectionSimulatorRDSAccess"),
                Cfn.managedPolicy("service-role/AWSFaultInjectionSimulatorSSMAccess")));

        ObjectNode interrupt = Cfn.allow(List.of("elasticache:InterruptClusterAzPower"), Cfn.F.textNode("*"));
        interrupt.set("Condition", obj().set("StringEquals", obj().put("aws:ResourceTag/" + AwsTags.RUN_ID,
                s.runId())));
        ObjectNode describe = Cfn.allow(List.of("elasticache:DescribeReplicationGroups", "tag:GetResources"),
                Cfn.F.textNode("*"));
        ObjectNode capacity = Cfn.allow(List.of("ec2:InjectApiError", "autoscaling:DescribeAutoScalingGroups"),
                Cfn.F.textNode("*"));
        r.set("Policies", arr(obj().put("PolicyName", "firedrill-fis-extra").set("PolicyDocument",
                Cfn.policy(List.of(interrupt, describe, capacity)))));
        r.set("Tags", s.tags("fis-role"));
    }
}
