package dev.firedrill.harness.backend.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.backend.aws.internal.BackstopPolicy;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ValidationException;

/**
 * The dead-man's switch of a run: a one-time EventBridge Scheduler schedule that calls CloudFormation's
 * {@code DeleteStack} on the run's stack at its deadline ({@link AwsRun#deadline()}), so the stack stops billing
 * even when the harness was killed, its machine lost power or nobody ran {@code aws down}. It runs as a role of
 * its own that only the scheduler can assume; CloudFormation deletes a stack with the permissions of whoever
 * called {@code DeleteStack}, so that role also holds the delete and describe permissions of the stack's resource
 * types, scoped to the run's tag where AWS allows ({@link BackstopPolicy}).
 *
 * <p>Created through the Scheduler and IAM APIs, not as a stack: a separate stack would need its own teardown, and
 * moto's CloudFormation does not provision {@code AWS::Scheduler::Schedule} while its Scheduler API does. The
 * teardown deletes schedule and role once the stack is gone; the sweep ({@link AwsSweep}) finds both by name and
 * tag. Limitation: when the schedule does fire, it deletes itself ({@code ActionAfterCompletion DELETE}) but not
 * its role, which stays (free, tagged with the run id) until {@code aws down} or {@code aws clean}. Nothing here
 * can be seen firing on moto: moto stores schedules but never runs them.
 */
public final class AwsBackstop {
    /** The prefix of every backstop's schedule and role name; the rest is the run id. */
    public static final String PREFIX = "firedrill-backstop-";
    /** Scheduler's universal target for CloudFormation's {@code DeleteStack}. */
    public static final String TARGET = "arn:aws:scheduler:::aws-sdk:cloudformation:deleteStack";
    static final String POLICY = "firedrill-backstop";
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    /** A fresh role takes seconds before the scheduler may assume it: CreateSchedule is retried this often. */
    private static final int ATTEMPTS = 8;

    private final AwsClients aws;
    private final String runId;
    private final String stackName;

    public AwsBackstop(AwsClients aws, String runId, String stackName) {
        this.aws = aws;
        this.runId = runId;
        this.stackName = stackName;
    }

    /** The schedule's and the role's name for a run: {@code firedrill-backstop-<runId>}, within IAM's 64. */
    public static String nameFor(String runId) {
        String n = PREFIX + runId;
        return n.length() > 64 ? n.substring(0, 64) : n;
    }

    public String name() {
        return nameFor(runId);
    }

    /** Scheduler's one-time expression for {@code when}, in UTC to the second: {@code at(2026-12-01T10:15:00)}. */
    public static String expression(Instant when) {
        return "at(" + AT.format(when.truncatedTo(ChronoUnit.SECONDS)) + ")";
    }

    /** The schedule's input: the target's request, {@code {"StackName":"..."}}. */
    public static String input(String stackName) {
        try {
            return new ObjectMapper().writeValueAsString(Map.of("StackName", stackName));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Creates the role, then the schedule that deletes the stack at {@code deadline}, retrying the schedule while
     * the scheduler cannot assume the fresh role yet. Throws {@link ProvisioningException} when either is refused
     * (what was created is left to the teardown, which deletes both).
     */
    public void create(String account, Instant deadline, Consumer<String> progress) throws InterruptedException {
        String partition = aws.region().startsWith("cn-") ? "aws-cn" : aws.region().startsWith("us-gov-")
                ? "aws-us-gov" : "aws";
        IamClient iam = aws.iam();
        String roleArn;
        try {
            roleArn = iam.createRole(b -> b.roleName(name()).description("firedrill: lets EventBridge Scheduler delete "
                    + "stack " + stackName + " at its deadline").maxSessionDuration(3600)
                    .assumeRolePolicyDocument(BackstopPolicy.trust(partition, aws.region(), account, name()).toString())
                    .tags(t -> t.key(AwsTags.RUN_ID).value(runId))).role().arn();
            iam.putRolePolicy(b -> b.roleName(name()).policyName(POLICY).policyDocument(BackstopPolicy
                    .permissions(partition, aws.region(), account, stackName, runId).toString()));
        } catch (SdkException e) {
            throw new ProvisioningException(stackName, "cannot create the backstop role " + name() + " (the run "
                    + "needs iam:CreateRole, iam:PutRolePolicy, iam:PassRole and scheduler:CreateSchedule): "
                    + e.getMessage());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                aws.scheduler().createSchedule(b -> b.name(name()).description("firedrill run " + runId
                        + ": deletes stack " + stackName + " if firedrill did not").scheduleExpression(
                        expression(deadline)).scheduleExpressionTimezone("UTC")
                        .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                        .actionAfterCompletion(ActionAfterCompletion.DELETE)
                        .target(t -> t.arn(TARGET).roleArn(roleArn).input(input(stackName))));
                break;
            } catch (ValidationException e) {
                if (attempt == ATTEMPTS) {
                    throw new ProvisioningException(stackName, "the backstop schedule " + name() + " was refused "
                            + attempt + " times: " + e.getMessage());
                }
                Thread.sleep(1_000L * attempt); // the role is not assumable yet
            } catch (SdkException e) {
                throw new ProvisioningException(stackName, "cannot create the backstop schedule " + name() + ": "
                        + e.getMessage());
            }
        }
        progress.accept("backstop: schedule " + name() + " deletes the stack at " + deadline.truncatedTo(
                ChronoUnit.SECONDS) + " even if firedrill is killed");
    }

    /** The stack the schedule {@code name} deletes (its input's StackName), or null when it is gone or unreadable. */
    static String stackOf(SchedulerClient scheduler, String name) {
        try {
            String input = scheduler.getSchedule(b -> b.name(name)).target().input();
            return input == null ? null : new ObjectMapper().readTree(input).path("StackName").asText(null);
        } catch (SdkException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    /** Deletes the schedule, then the role's inline policies and the role; what is already gone is skipped. */
    public void delete(Consumer<String> progress) {
        try {
            aws.scheduler().deleteSchedule(b -> b.name(name()));
            progress.accept("deleted backstop schedule " + name());
        } catch (ResourceNotFoundException e) {
            // fired (it deletes itself) or never created
        }
        if (deleteRole(aws.iam(), name())) {
            progress.accept("deleted backstop role " + name());
        }
    }

    /**
     * Deletes a role with what IAM requires gone first: its instance profiles, attached and inline policies.
     * False (and nothing happens) when the role does not exist.
     */
    static boolean deleteRole(IamClient iam, String role) {
        try {
            iam.listInstanceProfilesForRole(b -> b.roleName(role)).instanceProfiles().forEach(p ->
                    iam.removeRoleFromInstanceProfile(b -> b.roleName(role).instanceProfileName(
                            p.instanceProfileName())));
            iam.listAttachedRolePolicies(b -> b.roleName(role)).attachedPolicies().forEach(p ->
                    iam.detachRolePolicy(b -> b.roleName(role).policyArn(p.policyArn())));
            iam.listRolePolicies(b -> b.roleName(role)).policyNames().forEach(p ->
                    iam.deleteRolePolicy(b -> b.roleName(role).policyName(p)));
            iam.deleteRole(b -> b.roleName(role));
            return true;
        } catch (NoSuchEntityException e) {
            return false;
        }
    }
}
