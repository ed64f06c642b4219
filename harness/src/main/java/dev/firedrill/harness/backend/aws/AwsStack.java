package dev.firedrill.harness.backend.aws;

import dev.firedrill.harness.ProvisioningException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.OnFailure;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * One CloudFormation stack of a run: created with live progress per resource, its outputs and physical ids read
 * back, and deleted — waiting for the deletion, retrying what failed, and leaving the sweep by tag
 * ({@link AwsSweep}) to catch what CloudFormation could not delete.
 */
public final class AwsStack {
    /** The tag every resource of a run carries (stack tags propagate to the resources that support them). */
    public static final String RUN_TAG = AwsTags.RUN_ID;

    private final CloudFormationClient cfn;
    private final String name;
    /** Set once CreateStack has answered: before that, a stack not found may still be about to appear. */
    private volatile boolean createAnswered;
    private volatile boolean createStarted;

    public AwsStack(AwsClients aws, String name) {
        this.cfn = aws.cfn();
        this.name = name;
    }

    public String name() {
        return name;
    }

    /**
     * Creates the stack and waits for CREATE_COMPLETE, sending a line per resource event to {@code progress};
     * on failure (or {@code timeout}) throws after starting the deletion. Thread interrupts stop the wait.
     */
    public void create(String templateBody, Map<String, String> parameters, String runId, Consumer<String> progress,
            Duration timeout) throws InterruptedException {
        List<Parameter> params = parameters.entrySet().stream().map(e -> Parameter.builder().parameterKey(e.getKey())
                .parameterValue(e.getValue()).build()).toList();
        createStarted = true;
        cfn.createStack(b -> b.stackName(name).templateBody(templateBody).parameters(params)
                .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM).onFailure(OnFailure.DELETE)
                .tags(Tag.builder().key(RUN_TAG).value(runId).build(),
                        Tag.builder().key("firedrill:managed").value("true").build()));
        createAnswered = true;
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        Set<String> seen = new HashSet<>();
        int[] lines = {0};
        Consumer<String> counted = l -> {
            lines[0]++;
            progress.accept(l);
        };
        while (true) {
            report(seen, counted, t0);
            Stack s = describe();
            StackStatus st = s == null ? StackStatus.DELETE_COMPLETE : s.stackStatus();
            if (st == StackStatus.CREATE_COMPLETE) {
                report(seen, counted, t0);
                if (lines[0] == 0) { // an endpoint that keeps no events (moto): the resources as they stand
                    for (StackResourceSummary r : cfn.listStackResourcesPaginator(b -> b.stackName(name))
                            .stackResourceSummaries()) {
                        progress.accept(String.format(java.util.Locale.ROOT, "%-6s %-28s %-40s %s",
                                String.format(java.util.Locale.ROOT, "%.0fs", (System.nanoTime() - t0) / 1e9),
                                r.logicalResourceId(), r.resourceType(), r.resourceStatusAsString()));
                    }
                }
                return;
            }
            if (st != StackStatus.CREATE_IN_PROGRESS) {
                throw new ProvisioningException(name, "stack creation ended " + st + (s == null || s.stackStatusReason()
                        == null ? "" : ": " + s.stackStatusReason()) + "; failed resources: " + failures());
            }
            if (System.nanoTime() > deadline) {
                throw new ProvisioningException(name, "stack not created within " + timeout.toMinutes() + " min");
            }
            Thread.sleep(2_000);
        }
    }

    private void report(Set<String> seen, Consumer<String> progress, long t0) {
        List<StackEvent> events;
        try {
            events = new ArrayList<>(cfn.describeStackEvents(b -> b.stackName(name)).stackEvents());
        } catch (CloudFormationException e) {
            return;
        }
        java.util.Collections.reverse(events); // oldest first
        for (StackEvent e : events) {
            if (seen.add(e.eventId()) && !name.equals(e.logicalResourceId())) {
                progress.accept(String.format(java.util.Locale.ROOT, "%-6s %-28s %-40s %s%s",
                        String.format(java.util.Locale.ROOT, "%.0fs", (System.nanoTime() - t0) / 1e9),
                        e.logicalResourceId(), e.resourceType(), e.resourceStatusAsString(),
                        e.resourceStatusReason() == null ? "" : " (" + e.resourceStatusReason() + ")"));
            }
        }
    }

    private String failures() {
        try {
            return cfn.describeStackEvents(b -> b.stackName(name)).stackEvents().stream()
                    .filter(e -> e.resourceStatusAsString().endsWith("FAILED"))
                    .map(e -> e.logicalResourceId() + ": " + e.resourceStatusReason()).toList().toString();
        } catch (CloudFormationException e) {
            return "unknown";
        }
    }

    /** The stack, or null when it does not exist (any more). */
    public Stack describe() {
        try {
            List<Stack> s = cfn.describeStacks(b -> b.stackName(name)).stacks();
            return s.isEmpty() ? null : s.get(0);
        } catch (CloudFormationException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                return null;
            }
            throw e;
        }
    }

    /** Whether the stack exists and is not deleted (DELETE_COMPLETE). */
    public boolean exists() {
        Stack s = describe();
        return s != null && s.stackStatus() != StackStatus.DELETE_COMPLETE;
    }

    /** Output key → value. */
    public Map<String, String> outputs() {
        Stack s = describe();
        Map<String, String> out = new LinkedHashMap<>();
        if (s != null) {
            for (Output o : s.outputs()) {
                out.put(o.outputKey(), o.outputValue());
            }
        }
        return out;
    }

    /** Logical id → physical id of every resource of the stack. */
    public Map<String, String> resources() {
        Map<String, String> out = new LinkedHashMap<>();
        for (StackResourceSummary r : cfn.listStackResourcesPaginator(b -> b.stackName(name)).stackResourceSummaries()) {
            out.put(r.logicalResourceId(), r.physicalResourceId());
        }
        return out;
    }

    /**
     * Deletes the stack and waits: DELETE_COMPLETE, or after DELETE_FAILED one retry that retains what failed
     * (the sweep deletes it by tag). Returns what CloudFormation reported it could not delete; never throws for a
     * stack that is already gone.
     */
    public List<String> delete(Consumer<String> progress, Duration timeout) throws InterruptedException {
        List<String> notDeleted = new ArrayList<>();
        if (createStarted && !createAnswered && describe() == null) {
            // a CreateStack cut off by Ctrl-C may still have reached CloudFormation: look once more before leaving
            Thread.sleep(3_000);
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            Stack s = describe();
            if (s == null || s.stackStatus() == StackStatus.DELETE_COMPLETE) {
                return notDeleted;
            }
            List<String> retain = attempt == 0 ? List.of() : failedLogicalIds();
            notDeleted.addAll(retain);
            try {
                cfn.deleteStack(b -> b.stackName(name).retainResources(retain.isEmpty() ? null : retain));
            } catch (CloudFormationException e) {
                progress.accept("DeleteStack refused: " + e.awsErrorDetails().errorMessage());
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                s = describe();
                if (s == null || s.stackStatus() == StackStatus.DELETE_COMPLETE) {
                    return notDeleted;
                }
                if (s.stackStatus() == StackStatus.DELETE_FAILED) {
                    progress.accept("stack deletion failed (" + s.stackStatusReason() + "); retrying and leaving the "
                            + "failed resources to the sweep by tag");
                    break;
                }
                Thread.sleep(1_000);
            }
        }
        Stack s = describe();
        if (s != null && s.stackStatus() != StackStatus.DELETE_COMPLETE) {
            notDeleted.add("stack " + name + " (" + s.stackStatus() + ")");
        }
        return notDeleted;
    }

    private List<String> failedLogicalIds() {
        try {
            return cfn.describeStackEvents(b -> b.stackName(name)).stackEvents().stream()
                    .filter(e -> "DELETE_FAILED".equals(e.resourceStatusAsString()))
                    .map(StackEvent::logicalResourceId).filter(id -> !id.equals(name)).distinct().toList();
        } catch (CloudFormationException e) {
            return List.of();
        }
    }

    /** A stack name for a run: {@code firedrill-<topology>-<run id>}, within CloudFormation's 128 characters. */
    public static String nameFor(String topology, String runId) {
        String n = ("firedrill-" + topology + "-" + runId).replaceAll("[^A-Za-z0-9-]", "-");
        return n.length() > 128 ? n.substring(0, 128) : n;
    }

    /** A run id: sortable by time, unique enough per account. */
    public static String newRunId() {
        return "fd" + Long.toString(Instant.now().getEpochSecond(), 36) + Integer.toString(
                java.util.concurrent.ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    }
}
