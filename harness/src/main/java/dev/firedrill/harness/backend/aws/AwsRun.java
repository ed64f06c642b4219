package dev.firedrill.harness.backend.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.harness.FiredrillException;
import dev.firedrill.harness.ProvisioningException;
import dev.firedrill.harness.scenario.Scenario;
import dev.firedrill.harness.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.AbortedException;

/**
 * One topology's life on AWS, shared by {@code aws up} and the aws backend: every guard checked before the first
 * create call (the run journal free, the template's parameters given, the estimate under the cost ceiling, the
 * account confirmed), the journal written, the stack created with a line per resource, and a teardown that deletes
 * the stack, sweeps what is still tagged with the run id and removes the journal once nothing is left.
 *
 * <pre>{@code
 * try (AwsRun run = AwsRun.create(topology, settings, null, System.out::println)) {
 *     String alb = run.outputs().get("AlbDnsName");
 * } // close() tears everything down
 * }</pre>
 */
public final class AwsRun implements AutoCloseable {
    private final AwsClients clients;
    private final AwsSettings settings;
    private final Topology topology;
    private final String runId;
    private final String account;
    private final AwsStack stack;
    private final Instant createdAt;
    private final boolean moto;
    private volatile Map<String, String> outputs = Map.of();
    private volatile boolean tornDown;

    private AwsRun(AwsClients clients, AwsSettings settings, Topology topology, String runId, String account,
            Instant createdAt, boolean moto) {
        this.clients = clients;
        this.settings = settings;
        this.topology = topology;
        this.runId = runId;
        this.account = account;
        this.stack = new AwsStack(clients, AwsStack.nameFor(topology.name(), runId));
        this.createdAt = createdAt;
        this.moto = moto;
    }

    /**
     * Checks every guard, then creates the stack and waits for it. On a failed creation, a timeout or an
     * interrupt (Ctrl-C) everything is deleted before this throws ({@link ProvisioningException}; an interrupt
     * keeps the thread's interrupt flag set).
     *
     * @param scenario the scenario the stack is for (its FIS action-minutes count toward the cost ceiling), or null
     */
    public static AwsRun create(Topology t, AwsSettings s, Scenario scenario, Consumer<String> progress) {
        AwsRun run = prepare(t, s, scenario, progress);
        run.provision(progress);
        return run;
    }

    /**
     * Every check that needs no create call, and the journal; nothing exists in the account yet when it returns.
     * Throws a {@link FiredrillException} saying what to change when a guard refuses.
     */
    public static AwsRun prepare(Topology t, AwsSettings s, Scenario scenario, Consumer<String> progress) {
        if (Files.exists(s.journal())) {
            RunJournal last = RunJournal.read(s.journal());
            throw new FiredrillException("the last run on AWS (stack " + last.stackName() + ", run " + last.runId()
                    + ", created " + last.createdAt() + ") is still recorded in " + s.journal() + "; delete it first: "
                    + "./firedrill aws down --confirm-account " + last.account());
        }
        String runId = AwsStack.newRunId();
        requireParameters(AwsTemplate.of(t, runId), s.params());
        requireUnderCeiling(t, scenario, s);
        String reg = s.region() != null ? s.region() : t.region();
        AwsClients clients = AwsClients.of(reg, s.endpoint());
        try {
            String account = AccountGuard.require(clients, s.confirmAccount());
            boolean moto = AwsClients.isMoto(s.endpoint());
            Instant now = Instant.now();
            AwsRun run = new AwsRun(clients, s, t, runId, account, now, moto);
            new RunJournal(runId, run.stack.name(), reg, s.endpoint(), account, t.name(), now,
                    now.plus(s.maxRunTime()), AwsBackstop.nameFor(runId)).write(s.journal());
            progress.accept(String.format(Locale.ROOT, "stack %s in account %s, %s%s; deleted by %s at the latest "
                    + "(--max-run-time %s)", run.stack.name(), account, reg, s.endpoint() == null ? ""
                    : " at " + s.endpoint(), now.plus(s.maxRunTime()), minutes(s.maxRunTime())));
            if (moto) {
                progress.accept("the endpoint is moto: the DB instances use RDS's default parameter group (moto "
                        + "cannot create them with one), so the replica-lag fault's recovery_min_apply_delay is not "
                        + "set up");
            }
            return run;
        } catch (RuntimeException e) {
            clients.close();
            throw e;
        }
    }

    /**
     * Creates the backstop ({@link AwsBackstop}: the stack is deleted at {@link #deadline()} even if this process
     * dies), then the stack; on any failure tears both down and throws.
     */
    public void provision(Consumer<String> progress) {
        String template = AwsTemplate.json(moto ? AwsTemplate.forMoto(AwsTemplate.of(topology, runId))
                : AwsTemplate.of(topology, runId));
        try {
            new AwsBackstop(clients, runId, stack.name()).create(account, deadline(), l -> progress.accept("  " + l));
            stack.create(template, settings.params(), runId, l -> progress.accept("  " + l),
                    settings.createTimeout());
            outputs = stack.outputs();
        } catch (InterruptedException e) {
            throw interrupted(progress);
        } catch (RuntimeException e) {
            // the SDK answers an interrupt during a call with AbortedException, clearing the flag or not
            boolean flag = Thread.interrupted();
            if (flag || e instanceof AbortedException) {
                throw interrupted(progress);
            }
            progress.accept("stack creation failed: " + e.getMessage());
            teardown(progress);
            clients.close();
            throw e instanceof FiredrillException f ? f : new ProvisioningException(stack.name(), e.toString());
        }
    }

    /**
     * Ctrl-C while creating: tear down with the interrupt flag clear (else the SDK aborts the teardown's own
     * calls), then set it again for the caller.
     */
    private ProvisioningException interrupted(Consumer<String> progress) {
        progress.accept("interrupted while creating: deleting stack " + stack.name() + " and everything tagged "
                + AwsTags.RUN_ID + "=" + runId);
        teardown(progress);
        Thread.currentThread().interrupt();
        return new ProvisioningException(stack.name(), "interrupted while creating the stack; it was deleted");
    }

    private static String minutes(Duration d) {
        return d.toMinutes() + "m";
    }

    /** A parameter the template has no default for is known missing before anything is asked of AWS. */
    static void requireParameters(JsonNode template, Map<String, String> given) {
        var parameters = template.path("Parameters");
        List<String> missing = new ArrayList<>();
        parameters.fieldNames().forEachRemaining(k -> {
            if (!parameters.path(k).has("Default") && !given.containsKey(k)) {
                missing.add(k);
            }
        });
        if (!missing.isEmpty()) {
            throw new FiredrillException("nothing was created: the template needs --param " + String.join(", --param ",
                    missing.stream().map(k -> k + "=VALUE").toList()) + ": " + String.join("; ", missing.stream()
                    .map(k -> k + " (" + parameters.path(k).path("Description").asText() + ")").toList()));
        }
    }

    /**
     * The worst case a run may cost: the stack for its whole allowed life (hours started, as the ALB and NAT
     * gateway bill) plus the scenario's FIS action-minutes. Refused when above the ceiling.
     */
    static double requireUnderCeiling(Topology t, Scenario scenario, AwsSettings s) {
        AwsCost cost = AwsCost.of(t, scenario);
        long hours = Math.max(1, (s.maxRunTime().toMinutes() + 59) / 60);
        double worst = cost.perHour() * hours + cost.rehearsal().fisUsd();
        if (worst > s.maxCostUsd()) {
            throw new FiredrillException(String.format(Locale.ROOT, "nothing was created: this run may cost up to "
                    + "$%.2f (the stack at $%.4f/h for %d started hour(s) of --max-run-time %s, plus $%.2f of FIS "
                    + "action-minutes), above --max-cost $%.2f; raise --max-cost or lower --max-run-time",
                    worst, cost.perHour(), hours, minutes(s.maxRunTime()), cost.rehearsal().fisUsd(), s.maxCostUsd()));
        }
        return worst;
    }

    public AwsClients clients() {
        return clients;
    }

    public AwsSettings settings() {
        return settings;
    }

    public Topology topology() {
        return topology;
    }

    public String runId() {
        return runId;
    }

    public String account() {
        return account;
    }

    public AwsStack stack() {
        return stack;
    }

    public boolean moto() {
        return moto;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** When the run must be over: {@link AwsSettings#maxRunTime()} after the journal was written. */
    public Instant deadline() {
        return createdAt.plus(settings.maxRunTime());
    }

    /** The stack's outputs as read when it was created. */
    public Map<String, String> outputs() {
        return outputs;
    }

    /**
     * Deletes the stack, then its backstop, sweeps by tag, and removes the journal once nothing is left; says what
     * remains. True when
     * nothing tagged with the run id is left. Idempotent: a second call after a clean teardown does nothing.
     */
    public synchronized boolean teardown(Consumer<String> out) {
        if (tornDown) {
            return true;
        }
        tornDown = teardown(clients, stack, runId, settings.journal(), out);
        return tornDown;
    }

    /**
     * The teardown of a run known from its journal ({@code aws down}): delete {@code stack}, then (once the stack
     * is gone, not before: it is what deletes the stack if this teardown does not get there) the backstop's
     * schedule and role, sweep what is tagged {@code runId}, remove {@code journal} when nothing is left.
     */
    public static boolean teardown(AwsClients clients, AwsStack stack, String runId, java.nio.file.Path journal,
            Consumer<String> out) {
        try {
            List<String> retained = stack.delete(l -> out.accept("  " + l), Duration.ofMinutes(30));
            AwsBackstop backstop = new AwsBackstop(clients, runId, stack.name());
            if (stack.exists()) {
                out.accept("  the backstop " + backstop.name() + " is kept: the stack still exists");
            } else {
                backstop.delete(l -> out.accept("  " + l));
            }
            List<AwsSweep.Leftover> left = new AwsSweep(clients, runId).delete(l -> out.accept("  sweep: " + l));
            if (left.isEmpty()) {
                Files.deleteIfExists(journal);
                out.accept("deleted: nothing tagged " + AwsTags.RUN_ID + "=" + runId + " remains"
                        + (retained.isEmpty() ? "" : " (CloudFormation could not delete " + retained
                        + "; the sweep did)"));
                return true;
            }
            out.accept("NOT everything was deleted; still tagged " + runId + ": " + left + ". The journal "
                    + journal + " is kept; run ./firedrill aws down again, or ./firedrill aws clean");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.accept("teardown interrupted; the journal " + journal + " is kept: run ./firedrill aws down");
            return false;
        } catch (IOException | RuntimeException e) {
            out.accept("teardown failed: " + e + "; the journal " + journal + " is kept: run ./firedrill aws down");
            return false;
        }
    }

    /** Tears down (printing nothing) and closes the clients. */
    @Override
    public void close() {
        try {
            teardown(l -> { });
        } finally {
            clients.close();
        }
    }

    /** Closes the clients and leaves the stack running ({@code aws up --exit-when-ready}). */
    public void detach() {
        tornDown = true;
        clients.close();
    }
}
