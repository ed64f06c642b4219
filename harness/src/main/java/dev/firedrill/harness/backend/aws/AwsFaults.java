package dev.firedrill.harness.backend.aws;

import dev.firedrill.harness.FaultException;
import dev.firedrill.harness.backend.aws.internal.LogicalIds;
import dev.firedrill.harness.fault.ActiveFault;
import dev.firedrill.harness.fault.Fault;
import dev.firedrill.harness.fault.FaultAction;
import dev.firedrill.harness.fault.FaultEvent;
import dev.firedrill.harness.fault.FaultInjector;
import dev.firedrill.harness.fault.FaultListener;
import dev.firedrill.harness.fault.FaultPhase;
import dev.firedrill.harness.fault.FaultPlan;
import dev.firedrill.harness.fault.FaultPlanner;
import dev.firedrill.harness.fault.HealthReport;
import dev.firedrill.harness.fault.Targets;
import dev.firedrill.harness.topology.Topology;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.fis.model.ExperimentStatus;
import software.amazon.awssdk.services.fis.model.FisException;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * Faults on a stack in an AWS account (../shared/AWS.md, "Fault → AWS mechanism"). What each fault becomes comes
 * from {@link FisExperiments#plan(Topology, Fault, Duration, String)}:
 * <ul>
 *   <li>a FIS experiment: its template is created through the FIS API from the same properties {@code aws plan}
 *   shows, started with the run's tag, and its resolved targets are recorded; the heal stops it (FIS restores
 *   what it changed, e.g. the NACLs of a partition) and deletes the template;</li>
 *   <li>with {@link AwsSettings.FaultMode#API} (an emulator that does not run FIS experiments, such as moto) the
 *   instance faults and the failover go through the EC2 and RDS APIs a FIS action would call —
 *   {@code TerminateInstances}, {@code StopInstances}/{@code StartInstances}, {@code RebootInstances},
 *   {@code RebootDBInstance} with {@code ForceFailover} — on instances chosen from the scenario's seed; faults only
 *   FIS can cause are refused up front;</li>
 *   <li>a replica's apply delay: {@code ModifyDBParameterGroup} on its parameter group
 *   ({@code recovery_min_apply_delay}), reset at the heal.</li>
 * </ul>
 * A fault no AWS mechanism reproduces is refused by {@link #check(Fault)} with the reason.
 */
public final class AwsFaults implements FaultInjector {
    private final AwsRun run;
    private final AwsSettings.FaultMode mode;
    private final AwsFleet fleet;
    private final List<FaultListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Applied> applied = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, String> resources;
    private RandomGenerator random = new SplittableRandom(0);

    AwsFaults(AwsRun run, AwsSettings.FaultMode mode, AwsFleet fleet, Map<String, String> resources) {
        this.run = run;
        this.mode = mode;
        this.fleet = fleet;
        this.resources = Map.copyOf(resources);
    }

    /** The mode faults run in for {@code settings} at an endpoint that {@code moto} says is moto or not. */
    static AwsSettings.FaultMode resolve(AwsSettings.FaultMode m, boolean moto) {
        return m == AwsSettings.FaultMode.AUTO ? (moto ? AwsSettings.FaultMode.API : AwsSettings.FaultMode.FIS) : m;
    }

    /**
     * Why {@code fault} cannot run on {@code t} in {@code mode}, or null when it can: the same answer before the
     * stack exists (the backend's check) and after (the deployment's).
     */
    static String refusal(Topology t, Fault fault, AwsSettings.FaultMode mode) {
        FisExperiments.Mapping m = FisExperiments.plan(t, fault, Duration.ofMinutes(1), "check");
        if (m instanceof FisExperiments.Unsupported u) {
            return u.reason();
        }
        if (m instanceof FisExperiments.ThroughSdk) {
            if (fault instanceof Fault.ReplicaLag r && r.mode() == Fault.LagMode.APPLY_DELAY) {
                return null;
            }
            return "the aws backend does not run this step yet: " + ((FisExperiments.ThroughSdk) m).how()
                    + " (from inside the VPC, as the master user; the harness connects from outside it)";
        }
        if (mode == AwsSettings.FaultMode.API && !(fault instanceof Fault.InstanceFault || fault instanceof Fault.Failover)) {
            return "it needs a FIS experiment (" + String.join(", ", ((FisExperiments.Experiment) m).actions().stream()
                    .map(FisExperiments.Action::actionId).toList()) + ") and this endpoint does not run FIS "
                    + "experiments (moto); on an AWS account it runs as FIS";
        }
        return null;
    }

    @Override
    public void check(Fault fault) {
        String why = refusal(run.topology(), fault, mode);
        if (why != null) {
            throw new FaultException(fault.kind() + " " + fault.target() + " cannot run on the aws backend: " + why);
        }
    }

    @Override
    public synchronized void seed(long seed) {
        random = new SplittableRandom(seed);
    }

    @Override
    public ActiveFault inject(Fault fault) {
        return inject(fault, null);
    }

    @Override
    public synchronized ActiveFault inject(Fault fault, Duration lasting) {
        String id = "f" + ids.incrementAndGet();
        try {
            check(fault);
        } catch (FaultException e) {
            emit(id, fault, FaultPhase.FAILED, fault.target(), e.getMessage());
            throw e;
        }
        emit(id, fault, FaultPhase.REQUESTED, fault.target(), "");
        Applied a = new Applied(id, fault);
        try {
            FisExperiments.Mapping m = FisExperiments.plan(run.topology(), fault, lasting, run.runId());
            if (m instanceof FisExperiments.Experiment e && mode == AwsSettings.FaultMode.FIS) {
                viaFis(a, e);
            } else if (m instanceof FisExperiments.ThroughSdk) {
                applyDelay(a, (Fault.ReplicaLag) fault);
            } else {
                viaApi(a, fault);
            }
        } catch (RuntimeException e) {
            a.undoAll();
            emit(id, fault, FaultPhase.FAILED, String.join(",", a.targets), "rolled back: " + e.getMessage());
            throw new FaultException(fault.kind() + " failed on AWS and was rolled back: " + e.getMessage(), e);
        }
        applied.add(a);
        emit(id, fault, FaultPhase.EFFECTIVE, String.join(",", a.targets), String.join("; ", a.done));
        return a;
    }

    /** The instance faults and the failover through EC2 and RDS, on targets drawn from the run's seed. */
    private void viaApi(Applied a, Fault fault) {
        FaultPlan plan = FaultPlanner.plan(fault, Targets.of(run.topology()), random,
                run.topology().database() == null ? null : run.topology().database().failoverProfile());
        Map<String, String> instances = fleet.resolve();
        for (FaultAction action : plan.actions()) {
            if (action instanceof FaultAction.Signal s) {
                String iid = instances.get(s.instance());
                if (iid == null) {
                    throw new FaultException(s.instance() + " has no in-service instance in the Auto Scaling group "
                            + fleet.asgName() + " now");
                }
                a.targets.add(s.instance() + "=" + iid);
                switch (s.action()) {
                    case KILL -> {
                        run.clients().ec2().terminateInstances(b -> b.instanceIds(iid));
                        a.done.add("TerminateInstances " + iid + " (" + s.instance() + "); the Auto Scaling group "
                                + "replaces it");
                    }
                    case STOP -> {
                        run.clients().ec2().stopInstances(b -> b.instanceIds(iid));
                        a.done.add("StopInstances " + iid + " (" + s.instance() + ")");
                        a.undo(() -> run.clients().ec2().startInstances(b -> b.instanceIds(iid)));
                    }
                    case RESTART -> {
                        run.clients().ec2().rebootInstances(b -> b.instanceIds(iid));
                        a.done.add("RebootInstances " + iid + " (" + s.instance() + ")");
                    }
                    default -> throw new FaultException("no AWS API pauses an instance");
                }
            } else if (action instanceof FaultAction.Promote) {
                String db = resources.get(LogicalIds.DB_PRIMARY);
                run.clients().rds().rebootDBInstance(b -> b.dbInstanceIdentifier(db).forceFailover(true));
                a.targets.add("db-primary=" + db);
                a.done.add("RebootDBInstance " + db + " with ForceFailover: RDS fails over to the Multi-AZ standby");
            } else {
                throw new FaultException("the aws backend has no API for " + action.kind().description());
            }
        }
    }

    /** Creates the experiment's template through the API, starts it tagged with the run id, records its targets. */
    private void viaFis(Applied a, FisExperiments.Experiment e) {
        var fis = run.clients().fis();
        var request = FisRequests.create(e.properties(), this::attribute).toBuilder()
                .clientToken(UUID.randomUUID().toString()).build();
        String template = fis.createExperimentTemplate(request).experimentTemplate().id();
        a.undo(() -> fis.deleteExperimentTemplate(b -> b.id(template)));
        String experiment = startWithRetry(template);
        a.undo(() -> stopIfRunning(experiment));
        a.targets.add("experiment " + experiment);
        a.done.add("FIS experiment " + experiment + " (template " + template + ": " + String.join(", ",
                e.actions().stream().map(FisExperiments.Action::actionId).toList()) + ")");
        try {
            fis.listExperimentResolvedTargets(b -> b.experimentId(experiment)).resolvedTargets().forEach(t ->
                    a.targets.add(t.targetName() + "=" + t.targetInformation()));
        } catch (FisException ex) {
            a.done.add("resolved targets not readable: " + ex.awsErrorDetails().errorMessage());
        }
    }

    /** A fresh FIS role takes seconds to be assumable: StartExperiment is retried for up to 60 s. */
    private String startWithRetry(String template) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return run.clients().fis().startExperiment(b -> b.experimentTemplateId(template)
                        .clientToken(UUID.randomUUID().toString()).tags(Map.of(AwsTags.RUN_ID, run.runId())))
                        .experiment().id();
            } catch (FisException e) {
                String msg = String.valueOf(e.awsErrorDetails() == null ? e.getMessage()
                        : e.awsErrorDetails().errorMessage());
                if (!msg.toLowerCase(java.util.Locale.ROOT).contains("role") || System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(5_000);
            }
        }
    }

    private void stopIfRunning(String experiment) {
        var state = run.clients().fis().getExperiment(b -> b.id(experiment)).experiment().state();
        ExperimentStatus s = state == null ? null : state.status();
        if (s == ExperimentStatus.PENDING || s == ExperimentStatus.INITIATING || s == ExperimentStatus.RUNNING) {
            run.clients().fis().stopExperiment(b -> b.id(experiment));
        }
    }

    /** A template's {@code Fn::GetAtt} as the API needs it: the FIS role's ARN, the stop alarm's ARN. */
    private String attribute(String attr) {
        String logical = attr.substring(0, attr.indexOf('.'));
        String physical = resources.get(logical);
        if (physical == null && logical.equals(LogicalIds.ALARM_5XX)) {
            physical = dev.firedrill.harness.backend.aws.internal.LoadBalancerPart.alarmName(run.runId());
        }
        if (physical == null) {
            throw new FaultException("the stack has no " + logical + " (needed by the experiment)");
        }
        if (physical.startsWith("arn:")) {
            return physical;
        }
        if (logical.equals(LogicalIds.FIS_ROLE)) {
            return "arn:aws:iam::" + run.account() + ":role/" + physical;
        }
        if (logical.equals(LogicalIds.ALARM_5XX)) {
            return "arn:aws:cloudwatch:" + run.clients().region() + ":" + run.account() + ":alarm:" + physical;
        }
        return physical;
    }

    private void applyDelay(Applied a, Fault.ReplicaLag r) {
        int n = run.topology().database().replicas();
        List<Integer> which = new ArrayList<>();
        if (r.replica() == null) {
            for (int i = 1; i <= n; i++) {
                which.add(i);
            }
        } else {
            which.add(Integer.parseInt(r.replica().substring(r.replica().lastIndexOf('-') + 1)));
        }
        for (int i : which) {
            String group = resources.get(LogicalIds.replicaParams(i));
            if (group == null) {
                throw new FaultException("the stack has no parameter group " + LogicalIds.replicaParams(i)
                        + " (an emulator such as moto creates the replicas without one)");
            }
            setApplyDelay(group, r.delay().toMillis());
            a.undo(() -> setApplyDelay(group, 0));
            a.targets.add("db-replica-" + i + "=" + group);
            a.done.add("ModifyDBParameterGroup " + group + ": recovery_min_apply_delay=" + r.delay().toMillis());
        }
    }

    private void setApplyDelay(String group, long ms) {
        run.clients().rds().modifyDBParameterGroup(b -> b.dbParameterGroupName(group).parameters(p -> p
                .parameterName("recovery_min_apply_delay").parameterValue(Long.toString(ms)).applyMethod("immediate")));
    }

    @Override
    public List<ActiveFault> active() {
        return applied.stream().filter(a -> !a.isHealed()).map(a -> (ActiveFault) a).toList();
    }

    @Override
    public synchronized void healAll() {
        List<Applied> list = new ArrayList<>(applied);
        for (int i = list.size() - 1; i >= 0; i--) {
            list.get(i).heal();
        }
        applied.removeIf(Applied::isHealed);
    }

    /**
     * Healthy when every fault is healed, the target group has as many healthy targets as the fleet has
     * instances, and the primary DB instance is {@code available}; polled every 5 s until {@code timeout}.
     */
    @Override
    public HealthReport verifyHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> problems = new ArrayList<>();
            List<String> checks = new ArrayList<>();
            active().forEach(f -> problems.add("fault " + f.id() + " is not healed"));
            String tg = resources.get(LogicalIds.TARGET_GROUP);
            int want = run.topology().fleet() == null ? 0 : run.topology().fleet().count();
            if (tg != null && want > 0) {
                try {
                    long healthy = run.clients().elb().describeTargetHealth(b -> b.targetGroupArn(tg))
                            .targetHealthDescriptions().stream().filter(d -> "healthy".equals(
                                    d.targetHealth().stateAsString())).count();
                    (healthy >= want ? checks : problems).add(healthy + " of " + want + " targets healthy");
                } catch (RuntimeException e) {
                    problems.add("DescribeTargetHealth failed: " + e.getMessage());
                }
            }
            String db = resources.get(LogicalIds.DB_PRIMARY);
            if (db != null) {
                try {
                    List<DBInstance> dbs = run.clients().rds().describeDBInstances(b -> b.dbInstanceIdentifier(db))
                            .dbInstances();
                    String st = dbs.isEmpty() ? "missing" : dbs.get(0).dbInstanceStatus();
                    ("available".equals(st) ? checks : problems).add("primary " + db + " " + st);
                } catch (RuntimeException e) {
                    problems.add("DescribeDBInstances failed: " + e.getMessage());
                }
            }
            if (problems.isEmpty() || System.nanoTime() > deadline) {
                return new HealthReport(problems.isEmpty(), checks, problems);
            }
            sleep(5_000);
        }
    }

    @Override
    public void addListener(FaultListener listener) {
        listeners.add(listener);
    }

    private void emit(String id, Fault f, FaultPhase phase, String target, String detail) {
        FaultEvent e = new FaultEvent(id, f.kind(), phase, target, System.nanoTime(), detail);
        for (FaultListener l : listeners) {
            l.onEvent(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FaultException("interrupted");
        }
    }

    private final class Applied implements ActiveFault {
        final String id;
        final Fault fault;
        final List<String> targets = new CopyOnWriteArrayList<>();
        final List<String> done = new CopyOnWriteArrayList<>();
        final Deque<Runnable> undos = new ArrayDeque<>();
        volatile boolean healed;

        Applied(String id, Fault fault) {
            this.id = id;
            this.fault = fault;
        }

        void undo(Runnable r) {
            undos.push(r);
        }

        /** Runs every undo, newest first; one that fails does not stop the others. Returns the failures. */
        List<String> undoAll() {
            List<String> failed = new ArrayList<>();
            while (!undos.isEmpty()) {
                try {
                    undos.pop().run();
                } catch (RuntimeException e) {
                    failed.add(e.getMessage());
                }
            }
            return failed;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Fault fault() {
            return fault;
        }

        @Override
        public List<String> targets() {
            return List.copyOf(targets);
        }

        @Override
        public boolean isHealed() {
            return healed;
        }

        @Override
        public synchronized void heal() {
            if (healed) {
                return;
            }
            List<String> failed = undoAll();
            healed = true;
            emit(id, fault, failed.isEmpty() ? FaultPhase.HEALED : FaultPhase.FAILED, String.join(",", targets),
                    failed.isEmpty() ? "" : "heal failed: " + failed);
        }
    }

}
