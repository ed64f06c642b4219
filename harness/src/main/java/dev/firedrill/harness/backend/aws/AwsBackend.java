package dev.firedrill.harness.backend.aws;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.FiredrillException;
import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.backend.Backend;
import dev.firedrill.harness.backend.Deployment;
import dev.firedrill.harness.backend.ProgressListener;
import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.fault.FaultAction;
import dev.firedrill.harness.scenario.Scenario;
import dev.firedrill.harness.topology.Topology;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code --backend aws}: the topology as a CloudFormation stack in a real AWS account (or at an AWS-compatible
 * endpoint), faults as FIS experiments or EC2/RDS API calls, readings from ELBv2, CloudWatch and SQS, and
 * everything deleted when the deployment closes ({@link AwsRun}). Nothing is created without
 * {@link AwsSettings#confirmAccount()} matching the credentials' account; a run that may cost more than
 * {@link AwsSettings#maxCostUsd()} is refused before anything exists; AWS runs in real time, so the topology's
 * {@code timeScale} must be 1.
 *
 * <p>Registered for {@link java.util.ServiceLoader} with the settings of the environment
 * ({@link AwsSettings#fromEnvironment()}); the CLI and programs configure it with {@link #with(AwsSettings)}.
 */
public final class AwsBackend implements Backend {
    private final AwsSettings settings;
    private final Scenario scenario;
    private volatile Boolean moto;

    /** The environment's settings (FIREDRILL_AWS_*): what {@code Backends.named("aws")} gives. */
    public AwsBackend() {
        this(null, null);
    }

    private AwsBackend(AwsSettings settings, Scenario scenario) {
        this.settings = settings;
        this.scenario = scenario;
    }

    /** This backend with {@code s}. */
    public AwsBackend with(AwsSettings s) {
        return new AwsBackend(s, scenario);
    }

    /** This backend for {@code s}: its FIS action-minutes count toward the cost ceiling. */
    public AwsBackend forScenario(Scenario s) {
        return new AwsBackend(settings, s);
    }

    public AwsSettings settings() {
        return settings != null ? settings : AwsSettings.fromEnvironment();
    }

    @Override
    public String name() {
        return "aws";
    }

    @Override
    public String description() {
        return "a real AWS account: a CloudFormation stack, FIS experiments, CloudWatch readings, always deleted; "
                + "needs --confirm-account, timeScale 1";
    }

    @Override
    public Set<FaultAction.Kind> actions() {
        return EnumSet.of(FaultAction.Kind.KILL_INSTANCE, FaultAction.Kind.STOP_INSTANCE,
                FaultAction.Kind.RESTART_INSTANCE, FaultAction.Kind.PROMOTE_REPLICA, FaultAction.Kind.APPLY_DELAY,
                FaultAction.Kind.BLOCK_DROP, FaultAction.Kind.TOXIC);
    }

    @Override
    public void preflight(Topology topology, String where) {
        if (topology.timeScale() != 1.0) {
            throw new TopologyException(where + "timeScale", "is " + topology.timeScale() + "; AWS runs in real time, "
                    + "so the aws backend needs timeScale 1: pass --time-scale 1 (and --duration-factor to give "
                    + "AWS's own timers room, e.g. a 30 s health-check interval)");
        }
        AwsTemplate.of(topology, "preflight");
        if (settings().confirmAccount() == null || settings().confirmAccount().isBlank()) {
            throw new FiredrillException("nothing was created: the aws backend creates billed resources; give "
                    + "--confirm-account ID, the account id the credentials belong to");
        }
    }

    @Override
    public void check(Topology topology, Fault fault) {
        String why = AwsFaults.refusal(topology, fault, AwsFaults.resolve(settings().faultMode(), isMoto()));
        if (why != null) {
            throw new FaultException(fault.kind() + " " + fault.target() + " cannot run on the aws backend: " + why);
        }
    }

    private boolean isMoto() {
        Boolean m = moto;
        if (m == null) {
            m = AwsClients.isMoto(settings().endpoint());
            moto = m;
        }
        return m;
    }

    @Override
    public Deployment deploy(Topology topology, ProgressListener progress) {
        preflight(topology, "topology.");
        AwsRun run = AwsRun.create(topology, settings(), scenario, progress::step);
        try {
            return new AwsDeployment(run, progress);
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }
}
