package dev.firedrill.harness.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;

/**
 * The sweep against moto finds, and deletes, what a run can leave besides its stack's resources: an IAM role
 * tagged with the run id (with an inline policy and an instance profile, which IAM wants gone first), the
 * backstop's schedule and role, and network ACLs FIS left ({@code managedByFIS=true}) on the run's subnets —
 * created here directly through the APIs, as a killed run or a cut-short experiment leaves them. moto cannot list
 * FIS experiment templates (500) nor experiments, so the sweep says they were not checked.
 */
class AwsSweepIT {
    @TempDir
    Path dir;

    @Test
    void findsAndDeletesRolesBackstopsAndFisAcls() throws Exception {
        try (MotoServer moto = MotoServer.start(Files.createDirectories(dir.resolve("moto")));
                AwsClients aws = AwsClients.of("us-east-1", moto.url())) {
            String runId = AwsStack.newRunId();
            Ec2Client ec2 = aws.ec2();

            String role = "firedrill-app-" + runId;
            aws.iam().createRole(b -> b.roleName(role).assumeRolePolicyDocument(trust())
                    .tags(t -> t.key(AwsTags.RUN_ID).value(runId)));
            aws.iam().putRolePolicy(b -> b.roleName(role).policyName("inline").policyDocument(allowAll()));
            aws.iam().createInstanceProfile(b -> b.instanceProfileName(role));
            aws.iam().addRoleToInstanceProfile(b -> b.instanceProfileName(role).roleName(role));
            aws.iam().createRole(b -> b.roleName("someone-elses-" + runId).assumeRolePolicyDocument(trust()));

            new AwsBackstop(aws, runId, "firedrill-gone-" + runId).create(MotoServer.ACCOUNT,
                    Instant.now().plus(Duration.ofHours(1)), l -> { });

            // a run's tagged VPC whose subnet FIS left on its deny ACL
            String vpc = ec2.createVpc(b -> b.cidrBlock("10.70.0.0/16").tagSpecifications(t -> t
                    .resourceType(ResourceType.VPC).tags(runTag(runId)))).vpc().vpcId();
            String subnet = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.70.1.0/24").tagSpecifications(t -> t
                    .resourceType(ResourceType.SUBNET).tags(runTag(runId)))).subnet().subnetId();
            String fisAcl = aclOn(ec2, vpc, subnet, Tag.builder().key("managedByFIS").value("true").build());
            // an untagged VPC (not the run's) with a subnet on an ACL tagged with the run id
            String otherVpc = ec2.createVpc(b -> b.cidrBlock("10.71.0.0/16")).vpc().vpcId();
            String otherSubnet = ec2.createSubnet(b -> b.vpcId(otherVpc).cidrBlock("10.71.1.0/24")).subnet()
                    .subnetId();
            String taggedAcl = aclOn(ec2, otherVpc, otherSubnet, runTag(runId),
                    Tag.builder().key("managedByFIS").value("true").build());

            AwsSweep sweep = new AwsSweep(aws, runId);
            assertThat(sweep.find()).contains(new AwsSweep.Leftover("iam:role", role),
                    new AwsSweep.Leftover("iam:role", AwsBackstop.nameFor(runId)),
                    new AwsSweep.Leftover("scheduler:schedule", AwsBackstop.nameFor(runId)),
                    new AwsSweep.Leftover("ec2:network-acl", fisAcl),
                    new AwsSweep.Leftover("ec2:network-acl", taggedAcl),
                    new AwsSweep.Leftover("ec2:subnet", subnet), new AwsSweep.Leftover("ec2:vpc", vpc))
                    .doesNotContain(new AwsSweep.Leftover("iam:role", "someone-elses-" + runId));
            assertThat(sweep.notes()).as("moto cannot list FIS templates: said, not hidden")
                    .anyMatch(n -> n.startsWith("FIS experiment templates not checked"));

            List<String> progress = new ArrayList<>();
            assertThat(sweep.delete(progress::add)).as("left after the sweep; progress " + progress).isEmpty();
            assertThat(progress).anyMatch(l -> l.startsWith("note: FIS experiment templates not checked"));

            assertThat(ec2.describeNetworkAcls(b -> b.filters(Filter.builder().name("association.subnet-id")
                    .values(otherSubnet).build())).networkAcls()).as("the subnet is back on its VPC's default ACL")
                    .singleElement().satisfies(a -> assertThat(a.isDefault()).isTrue());
            assertThatThrownBy(() -> aws.iam().getRole(b -> b.roleName(role))).isInstanceOf(
                    NoSuchEntityException.class);
            assertThatThrownBy(() -> aws.scheduler().getSchedule(b -> b.name(AwsBackstop.nameFor(runId))))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThat(aws.iam().getRole(b -> b.roleName("someone-elses-" + runId)).role()).as("untagged: kept")
                    .isNotNull();
        }
    }

    @Test
    void aBackstopWhoseStackStillExistsIsKept() throws Exception {
        try (MotoServer moto = MotoServer.start(Files.createDirectories(dir.resolve("moto")));
                AwsClients aws = AwsClients.of("us-east-1", moto.url())) {
            String runId = AwsStack.newRunId();
            String stack = "firedrill-kept-" + runId;
            aws.cfn().createStack(b -> b.stackName(stack).templateBody("{\"Resources\":{\"Q\":{\"Type\":"
                    + "\"AWS::SQS::Queue\"}}}"));
            new AwsBackstop(aws, runId, stack).create(MotoServer.ACCOUNT, Instant.now().plus(Duration.ofHours(1)),
                    l -> { });
            List<String> progress = new ArrayList<>();
            assertThat(new AwsSweep(aws, runId).delete(progress::add)).as("it is what deletes that stack")
                    .containsExactlyInAnyOrder(new AwsSweep.Leftover("scheduler:schedule", AwsBackstop.nameFor(runId)),
                            new AwsSweep.Leftover("iam:role", AwsBackstop.nameFor(runId)));
            assertThat(progress).anyMatch(l -> l.contains("the stack " + stack + " it deletes still exists"));
        }
    }

    private static Tag runTag(String runId) {
        return Tag.builder().key(AwsTags.RUN_ID).value(runId).build();
    }

    /** A new ACL in {@code vpc} that {@code subnet} is moved onto, as FIS does. */
    private static String aclOn(Ec2Client ec2, String vpc, String subnet, Tag... tags) {
        String acl = ec2.createNetworkAcl(b -> b.vpcId(vpc).tagSpecifications(t -> t
                .resourceType(ResourceType.NETWORK_ACL).tags(tags))).networkAcl().networkAclId();
        String association = ec2.describeNetworkAcls(b -> b.filters(Filter.builder().name("association.subnet-id")
                .values(subnet).build())).networkAcls().get(0).associations().stream()
                .filter(a -> a.subnetId().equals(subnet)).findFirst().orElseThrow().networkAclAssociationId();
        ec2.replaceNetworkAclAssociation(b -> b.associationId(association).networkAclId(acl));
        return acl;
    }

    private static String trust() {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    private static String allowAll() {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sqs:*\","
                + "\"Resource\":\"*\"}]}";
    }
}
