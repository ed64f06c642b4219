package dev.firedrill.harness.backend.aws.internal;

import static dev.firedrill.harness.backend.aws.internal.Cfn.F;
import static dev.firedrill.harness.backend.aws.internal.Cfn.obj;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.backend.aws.AwsTags;
import java.util.List;

/**
 * The two policy documents of the backstop role ({@code AwsBackstop}). CloudFormation deletes a stack with the
 * permissions of whoever called {@code DeleteStack} (the stack has no service role), so the role that EventBridge
 * Scheduler assumes needs, besides {@code cloudformation:DeleteStack} on this one stack, the delete and describe
 * permissions of every resource type the template creates. Deletes are scoped to the run's tag
 * ({@code aws:ResourceTag/firedrill:run-id}) where the resource carries it and the action supports the condition;
 * the listener and the instance profile carry no tags, so they are scoped by ARN (CloudFormation names the
 * instance profile after the stack, {@code firedrill-...}); reads cannot be scoped.
 */
public final class BackstopPolicy {
    private BackstopPolicy() {
    }

    /** Only EventBridge Scheduler may assume the role, and only for this account's schedule of that name. */
    public static ObjectNode trust(String partition, String region, String account, String scheduleName) {
        ObjectNode condition = obj();
        condition.set("StringEquals", obj().put("aws:SourceAccount", account));
        condition.set("ArnLike", obj().put("aws:SourceArn", "arn:" + partition + ":scheduler:" + region + ":"
                + account + ":schedule/default/" + scheduleName));
        ObjectNode trust = obj().put("Effect", "Allow");
        trust.set("Principal", obj().put("Service", "scheduler.amazonaws.com"));
        trust.put("Action", "sts:AssumeRole");
        trust.set("Condition", condition);
        return Cfn.policy(List.of(trust));
    }

    /** What deleting {@code stackName} (tagged {@code runId}) takes, and nothing that creates. */
    public static ObjectNode permissions(String partition, String region, String account, String stackName,
            String runId) {
        String arn = "arn:" + partition + ":";
        ObjectNode stack = Cfn.allow(List.of("cloudformation:DeleteStack", "cloudformation:DescribeStacks",
                "cloudformation:DescribeStackResources", "cloudformation:DescribeStackEvents"),
                F.textNode(arn + "cloudformation:" + region + ":" + account + ":stack/" + stackName + "/*"));
        ObjectNode tagged = Cfn.allow(List.of(
                "ec2:TerminateInstances", "ec2:DeleteLaunchTemplate", "ec2:DeleteSecurityGroup",
                "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:DeleteNatGateway",
                "ec2:ReleaseAddress", "ec2:DisassociateAddress", "ec2:DeleteRoute", "ec2:DisassociateRouteTable",
                "ec2:DeleteRouteTable", "ec2:DetachInternetGateway", "ec2:DeleteInternetGateway", "ec2:DeleteSubnet",
                "ec2:DeleteVpc",
                "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:DeleteTargetGroup",
                "autoscaling:DeleteAutoScalingGroup", "autoscaling:UpdateAutoScalingGroup",
                "rds:DeleteDBInstance", "rds:DeleteDBSubnetGroup", "rds:DeleteDBParameterGroup",
                "elasticache:DeleteReplicationGroup", "elasticache:DeleteCacheSubnetGroup",
                "sqs:DeleteQueue", "cloudwatch:DeleteAlarms", "fis:DeleteExperimentTemplate",
                "iam:DeleteRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy"), F.textNode("*"));
        tagged.set("Condition", obj().set("StringEquals", obj().put("aws:ResourceTag/" + AwsTags.RUN_ID, runId)));
        ObjectNode untagged = Cfn.allow(List.of("elasticloadbalancing:DeleteListener",
                "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"), Cfn.strings(List.of(
                arn + "elasticloadbalancing:" + region + ":" + account + ":listener/app/*",
                arn + "iam::" + account + ":instance-profile/firedrill-*")));
        ObjectNode reads = Cfn.allow(List.of("ec2:Describe*", "elasticloadbalancing:Describe*",
                "autoscaling:Describe*", "rds:Describe*", "elasticache:Describe*", "sqs:GetQueueAttributes",
                "sqs:GetQueueUrl", "cloudwatch:DescribeAlarms", "fis:GetExperimentTemplate", "iam:GetRole",
                "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:GetInstanceProfile",
                "iam:ListInstanceProfilesForRole"), F.textNode("*"));
        return Cfn.policy(List.of(stack, tagged, untagged, reads));
    }
}
