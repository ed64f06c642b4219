package dev.firedrill.harness.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.cli.CliForTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * The aws target end to end against moto (an AWS emulator; no account is reachable from the machines this runs
 * on): {@code aws up} guards the account, creates the stack from the generated template and reads its outputs;
 * target health is sampled with {@code DescribeTargetHealth}; faults go through the APIs a real run uses
 * (terminate an instance, reboot the primary with failover); {@code aws down} deletes the stack and sweeps, after
 * which nothing tagged with the run id is left. moto does not run FIS experiments, so no FIS action runs here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class AwsLifecycleIT {
    /** The reference app's jar as the instances would download it (moto starts no instance that would). */
    public static final String ARTIFACT = "AppArtifactUrl=https://artifacts.example.invalid/firedrill-app-under-test.jar";
    Path dir;
    MotoServer moto;

    @BeforeAll
    void startMoto(@TempDir Path tmp) throws Exception {
        dir = tmp;
        moto = MotoServer.start(Files.createDirectories(dir.resolve("moto")));
    }

    @AfterAll
    void stopMoto() throws Exception {
        if (moto != null) {
            moto.close();
        }
    }

    AwsClients clients() {
        return AwsClients.of("us-east-1", moto.url());
    }

    @Test
    void withoutOrWithTheWrongAccountNothingIsCreated() {
        int stacksBefore;
        try (AwsClients aws = clients()) {
            stacksBefore = aws.cfn().describeStacks().stacks().size();
        }
        Path journal = dir.resolve("guard-journal.json");
        CliForTests.Run r = CliForTests.run("aws", "up", "--aws-endpoint", moto.url(), "--journal", journal.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("needs --param AppArtifactUrl=VALUE").doesNotContain("\tat ");
        r = CliForTests.run("aws", "up", "--aws-endpoint", moto.url(), "--journal", journal.toString(), "--param",
                ARTIFACT);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--confirm-account is required").contains(MotoServer.ACCOUNT)
                .doesNotContain("\tat ");
        r = CliForTests.run("aws", "up", "--aws-endpoint", moto.url(), "--confirm-account", "999999999999",
                "--journal", journal.toString(), "--param", ARTIFACT);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--confirm-account 999999999999 but the credentials in use belong to account "
                + MotoServer.ACCOUNT);
        assertThat(journal).doesNotExist();
        try (AwsClients aws = clients()) {
            assertThat(aws.cfn().describeStacks().stacks()).as("no stack created").hasSize(stacksBefore);
        }
    }

    @Test
    void upSampleBreakDownLeavesNothingTagged() throws Exception {
        Path journal = dir.resolve("journal.json");
        CliForTests.Run up = CliForTests.run("aws", "up", "--aws-endpoint", moto.url(), "--confirm-account",
                MotoServer.ACCOUNT, "--exit-when-ready", "--journal", journal.toString(), "--param", ARTIFACT);
        assertThat(up.exit()).as(up.out() + up.err()).isZero();
        assertThat(up.out()).contains("CREATE_COMPLETE").contains("ready in").contains("aws down");
        RunJournal j = RunJournal.read(journal);
        try (AwsClients aws = clients()) {
            AwsStack stack = new AwsStack(aws, j.stackName());
            Map<String, String> outputs = stack.outputs();
            assertThat(outputs).as("outputs").isNotEmpty();

            // sample target health as a run does
            String tg = aws.elb().describeTargetGroups().targetGroups().stream().filter(t -> t.targetGroupArn() != null)
                    .findFirst().orElseThrow().targetGroupArn();
            List<TargetHealthDescription> health = aws.elb().describeTargetHealth(b -> b.targetGroupArn(tg))
                    .targetHealthDescriptions();
            assertThat(health).as("the fleet's instances are targets").isNotEmpty();

            // the faults' API calls: terminate an instance of the fleet, reboot the primary with failover
            AutoScalingGroup asg = aws.asg().describeAutoScalingGroups().autoScalingGroups().get(0);
            String victim = asg.instances().get(0).instanceId();
            aws.ec2().terminateInstances(b -> b.instanceIds(victim));
            String primary = aws.rds().describeDBInstances().dbInstances().stream()
                    .filter(d -> d.readReplicaSourceDBInstanceIdentifier() == null).findFirst().orElseThrow()
                    .dbInstanceIdentifier();
            aws.rds().rebootDBInstance(b -> b.dbInstanceIdentifier(primary).forceFailover(true));

            assertThat(new AwsSweep(aws, j.runId()).find()).as("tagged resources while up").isNotEmpty();

            // the dead-man's switch: deletes the stack at the journal's deleteBy even if firedrill is gone
            assertThat(j.backstop()).isEqualTo(AwsBackstop.nameFor(j.runId()));
            var schedule = aws.scheduler().getSchedule(b -> b.name(j.backstop()));
            assertThat(schedule.scheduleExpression()).isEqualTo(AwsBackstop.expression(j.deleteBy()));
            assertThat(schedule.scheduleExpressionTimezone()).isEqualTo("UTC");
            assertThat(schedule.flexibleTimeWindow().modeAsString()).isEqualTo("OFF");
            assertThat(schedule.actionAfterCompletionAsString()).isEqualTo("DELETE");
            assertThat(schedule.target().arn()).isEqualTo("arn:aws:scheduler:::aws-sdk:cloudformation:deleteStack");
            assertThat(schedule.target().input()).isEqualTo("{\"StackName\":\"" + j.stackName() + "\"}");
            var role = aws.iam().getRole(b -> b.roleName(j.backstop())).role();
            assertThat(schedule.target().roleArn()).isEqualTo(role.arn());
            assertThat(java.net.URLDecoder.decode(role.assumeRolePolicyDocument(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("scheduler.amazonaws.com").contains("aws:SourceAccount");
            assertThat(aws.iam().getRolePolicy(b -> b.roleName(j.backstop()).policyName("firedrill-backstop"))
                    .policyDocument().replace("%3A", ":").replace("%22", "\"")).as("the role may delete this stack").contains("cloudformation:DeleteStack")
                    .contains(j.stackName());
        }
        assertThat(up.out()).contains("backstop: schedule " + AwsBackstop.nameFor(j.runId()) + " deletes the stack at");

        CliForTests.Run down = CliForTests.run("aws", "down", "--confirm-account", MotoServer.ACCOUNT, "--journal",
                journal.toString());
        assertThat(down.exit()).as(down.out() + down.err()).isZero();
        assertThat(down.out()).contains("nothing tagged");
        assertThat(journal).as("journal removed once nothing is left").doesNotExist();
        try (AwsClients aws = clients()) {
            assertThat(new AwsSweep(aws, j.runId()).find()).as("left after aws down").isEmpty();
            assertThat(aws.scheduler().listSchedules(b -> b.namePrefix(j.backstop())).schedules())
                    .as("the backstop schedule is deleted with the stack").isEmpty();
        }
    }
}
