package dev.firedrill.harness.backend.aws;

import dev.firedrill.harness.backend.ComponentInfo;
import dev.firedrill.harness.backend.Deployment;
import dev.firedrill.harness.backend.Endpoints;
import dev.firedrill.harness.backend.Probe;
import dev.firedrill.harness.backend.ProgressListener;
import dev.firedrill.harness.backend.aws.internal.DatabasePart;
import dev.firedrill.harness.backend.aws.internal.LoadBalancerPart;
import dev.firedrill.harness.backend.aws.internal.LogicalIds;
import dev.firedrill.harness.fault.FaultInjector;
import dev.firedrill.harness.topology.ComponentKind;
import dev.firedrill.harness.topology.ComponentSpec;
import dev.firedrill.harness.topology.Queue;
import dev.firedrill.harness.topology.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A topology running as a CloudFormation stack in an AWS account: the workload drives the ALB's DNS name, faults
 * go through FIS or the EC2/RDS APIs ({@link AwsFaults}), the probes read ELBv2, CloudWatch and SQS
 * ({@link AwsProbes}), and the 5xx alarm or {@code --max-run-time} stops the run ({@link AwsStopWatch}). Closing
 * it heals every fault and deletes everything the run created ({@link AwsRun#teardown}).
 */
public final class AwsDeployment implements Deployment {
    private final AwsRun run;
    private final ProgressListener progress;
    private final Map<String, String> resources;
    private final AwsFleet fleet;
    private final AwsFaults faults;
    private final AwsStopWatch stopWatch;
    private final Map<String, String> replicas = new LinkedHashMap<>();
    private final Map<String, String> queues = new LinkedHashMap<>();
    private volatile boolean closed;

    AwsDeployment(AwsRun run, ProgressListener progress) {
        this.run = run;
        this.progress = progress;
        this.resources = run.stack().resources();
        Topology t = run.topology();
        this.fleet = new AwsFleet(run.clients(), t, run.outputs().get("AsgName"));
        AwsSettings.FaultMode mode = AwsFaults.resolve(run.settings().faultMode(), run.moto());
        this.faults = new AwsFaults(run, mode, fleet, resources);
        int i = 1;
        for (ComponentSpec c : t.components()) {
            if (c.kind() == ComponentKind.DB_REPLICA) {
                String id = resources.get(LogicalIds.replica(i++));
                if (id != null) {
                    replicas.put(c.name(), id);
                }
            }
        }
        for (Queue q : t.queues()) {
            String url = run.outputs().get(LogicalIds.queue(q.name()) + "Url");
            if (url != null) {
                queues.put(q.name(), url);
            }
        }
        String alarm = t.loadBalancer() == null ? null : LoadBalancerPart.alarmName(run.runId());
        this.stopWatch = new AwsStopWatch(run.clients(), alarm == null ? List.of() : List.of(alarm), run.deadline());
        fleet.resolve();
        progress.step("faults run as " + (mode == AwsSettings.FaultMode.FIS ? "FIS experiments (direct API calls "
                + "where FIS has no action)" : "direct EC2/RDS API calls (the endpoint does not run FIS experiments)")
                + "; stops the run when " + (alarm == null ? "" : "alarm " + alarm + " is in ALARM or when ")
                + "--max-run-time is reached (" + run.deadline() + ")");
    }

    @Override
    public Topology topology() {
        return run.topology();
    }

    @Override
    public Endpoints endpoints() {
        Map<String, String> out = run.outputs();
        String dns = out.get("AlbDnsName");
        String writer = out.get("DbWriterAddress") == null ? null : "jdbc:postgresql://" + out.get("DbWriterAddress")
                + ":" + out.getOrDefault("DbWriterPort", "5432") + "/postgres";
        String reader = out.get("DbReader1Address") == null ? null : "jdbc:postgresql://" + out.get("DbReader1Address")
                + ":" + out.getOrDefault("DbWriterPort", "5432") + "/postgres";
        String sqs = run.clients().endpoint() == null ? "https://sqs." + run.clients().region() + ".amazonaws.com"
                : run.clients().endpoint().toString();
        return new Endpoints(dns == null ? null : "http://" + dns + (LoadBalancerPart.LISTENER_PORT == 80 ? ""
                : ":" + LoadBalancerPart.LISTENER_PORT), writer, reader, DatabasePart.MASTER_USER, null, null, sqs,
                queues, null, components());
    }

    private List<ComponentInfo> components() {
        List<ComponentInfo> c = new ArrayList<>();
        Map<String, String> out = run.outputs();
        if (out.get("AlbDnsName") != null) {
            c.add(new ComponentInfo("alb", ComponentKind.LOAD_BALANCER.id(), null, null, out.get("AlbDnsName")));
        }
        Map<String, String> apps;
        try {
            apps = fleet.resolve();
        } catch (RuntimeException e) {
            apps = Map.of();
        }
        for (ComponentSpec s : fleet.apps()) {
            c.add(new ComponentInfo(s.name(), ComponentKind.APP_INSTANCE.id(), s.az(), null,
                    apps.getOrDefault(s.name(), "(no instance in service)")));
        }
        if (out.get("DbWriterAddress") != null) {
            c.add(new ComponentInfo("db-primary", ComponentKind.DB_PRIMARY.id(), null, null, out.get("DbWriterAddress")));
        }
        replicas.forEach((name, id) -> c.add(new ComponentInfo(name, ComponentKind.DB_REPLICA.id(), null, null, id)));
        queues.forEach((name, url) -> c.add(new ComponentInfo(name, ComponentKind.QUEUE.id(), null, null, url)));
        return c;
    }

    @Override
    public Path runDir() {
        return null;
    }

    @Override
    public String backend() {
        return "aws";
    }

    @Override
    public FaultInjector faults() {
        return faults;
    }

    @Override
    public List<Probe> probes() {
        List<Probe> p = new ArrayList<>();
        String tg = resources.get(LogicalIds.TARGET_GROUP);
        if (tg != null) {
            p.add(AwsProbes.targetHealth(run.clients(), tg, fleet));
        }
        if (!replicas.isEmpty()) {
            p.add(AwsProbes.replicaLag(run.clients(), replicas));
        }
        if (!queues.isEmpty()) {
            p.add(AwsProbes.queueDepth(run.clients(), queues));
        }
        return p;
    }

    @Override
    public Duration queueRedelivery() {
        return run.topology().queues().stream().map(Queue::visibilityTimeout).max(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    @Override
    public String stopReason() {
        return stopWatch.reason();
    }

    /** The run id every resource carries. */
    public String runId() {
        return run.runId();
    }

    /** The stack's name. */
    public String stackName() {
        return run.stack().name();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopWatch.close();
        try {
            faults.healAll();
        } finally {
            progress.step("deleting stack " + run.stack().name() + " and everything tagged " + AwsTags.RUN_ID + "="
                    + run.runId());
            run.teardown(progress::step);
            run.clients().close();
        }
    }
}
