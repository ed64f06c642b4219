package dev.firedrill.harness.backend.aws;

import static dev.firedrill.harness.backend.aws.internal.Cfn.getAtt;
import static dev.firedrill.harness.backend.aws.internal.Cfn.ref;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.backend.aws.internal.CacheQueuePart;
import dev.firedrill.harness.backend.aws.internal.Cfn;
import dev.firedrill.harness.backend.aws.internal.DatabasePart;
import dev.firedrill.harness.backend.aws.internal.FisRolePart;
import dev.firedrill.harness.backend.aws.internal.FleetPart;
import dev.firedrill.harness.backend.aws.internal.LoadBalancerPart;
import dev.firedrill.harness.backend.aws.internal.LogicalIds;
import dev.firedrill.harness.backend.aws.internal.NetworkPart;
import dev.firedrill.harness.backend.aws.internal.SecurityPart;
import dev.firedrill.harness.backend.aws.internal.Stack;
import dev.firedrill.harness.scenario.Scenario;
import dev.firedrill.harness.topology.Queue;
import dev.firedrill.harness.topology.Subnet;
import dev.firedrill.harness.topology.Topology;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CloudFormation template (JSON) of a topology on AWS, or of a scenario's topology plus one
 * {@code AWS::FIS::ExperimentTemplate} per fault FIS can reproduce ({@link FisExperiments}). Pure: nothing is read
 * from or sent to AWS.
 *
 * <pre>{@code
 * ObjectNode template = AwsTemplate.of(Topology.defaults(), "default-plan");
 * Files.writeString(Path.of("default-template.json"), AwsTemplate.json(template));
 * }</pre>
 *
 * <p>What it holds: the VPC and its subnets, an internet gateway and one NAT gateway, route tables; the security
 * groups with each ingress rule on its own; the ALB, its target group (the topology's health check) and an HTTP
 * listener; a launch template and an Auto Scaling group for the fleet; RDS PostgreSQL (primary, Multi-AZ for the
 * {@code rds-multi-az-instance} profile, and read replicas), ElastiCache Redis, the SQS queues; the 5xx alarm FIS
 * experiments stop on and the role they run as. Every taggable resource carries {@link AwsTags#RUN_ID} and
 * {@link AwsTags#TOPOLOGY}; the database and the cache have {@code DeletionPolicy: Delete}, so tearing the stack
 * down leaves no snapshot behind.
 *
 * <p>Outputs name the load balancer's DNS name, the database endpoints, the queue URLs, the Auto Scaling group and
 * the run id, and nothing of ElastiCache, CloudWatch or FIS: moto, the emulator the aws backend is tested on,
 * provisions none of those through CloudFormation and answers {@code DescribeStacks} with HTTP 500 when an output
 * refers to one (../shared/AWS.md).
 */
public final class AwsTemplate {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AwsTemplate() {
    }

    /** The stack of {@code t}, every resource tagged with {@code runId}. */
    public static ObjectNode of(Topology t, String runId) {
        return build(t, runId).template(description(t, runId), metadata(t, runId, null));
    }

    /** The stack of the scenario's topology plus an experiment template per fault FIS can reproduce. */
    public static ObjectNode of(Scenario s, String runId) {
        Stack stack = build(s.topology(), runId);
        for (FisExperiments.Experiment e : FisExperiments.experiments(s, runId)) {
            stack.add(e.logicalId(), "AWS::FIS::ExperimentTemplate").setAll(e.properties());
        }
        return stack.template(description(s.topology(), runId), metadata(s.topology(), runId, s.name()));
    }

    /**
     * A copy of {@code template} that moto 5.2 can create: without the DB instances' {@code DBParameterGroupName}.
     * moto's {@code AWS::RDS::DBParameterGroup} has no physical id, so a {@code Ref} to one reaches its
     * {@code CreateDBInstance} as an object and the request fails with HTTP 500 ({@code AttributeError:
     * 'DBParameterGroup' object has no attribute 'startswith'}); a literal name does not help, moto names the group
     * itself. The instances then use RDS's default parameter group, so the replica-lag fault's
     * {@code recovery_min_apply_delay} cannot be set there. Checked by hand against moto 5.2.1: the default
     * topology's stack (44 resources) and the az-outage scenario's (45) reach {@code CREATE_COMPLETE}, every output
     * readable.
     *
     * <p>The Auto Scaling group's {@code CreationPolicy} stays: moto 5.2.1's CloudFormation ignores it (nothing in
     * it waits for {@code cfn-signal}; the group is created at once), so it cannot hang a test, and by the same token
     * moto proves nothing about the signal: only an account shows the stack waiting for healthy apps.
     */
    public static ObjectNode forMoto(ObjectNode template) {
        ObjectNode copy = template.deepCopy();
        copy.path("Resources").forEach(r -> {
            if ("AWS::RDS::DBInstance".equals(r.path("Type").asText())) {
                ((ObjectNode) r.path("Properties")).remove("DBParameterGroupName");
            }
        });
        return copy;
    }

    /** The template as pretty-printed JSON. */
    public static String json(JsonNode template) {
        try {
            return JSON.writeValueAsString(template) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many resources of each type the template has, by type name. */
    public static Map<String, Integer> resourceCounts(JsonNode template) {
        Map<String, Integer> counts = new TreeMap<>();
        Iterator<JsonNode> it = template.path("Resources").elements();
        while (it.hasNext()) {
            counts.merge(it.next().path("Type").asText(), 1, Integer::sum);
        }
        return counts;
    }

    private static Stack build(Topology t, String runId) {
        Stack s = new Stack(t, AwsTags.requireRunId(runId));
        NetworkPart.add(s);
        SecurityPart.add(s);
        if (t.loadBalancer() != null) {
            LoadBalancerPart.add(s);
        }
        if (t.database() != null) {
            DatabasePart.add(s);
        }
        if (t.cache() != null) {
            CacheQueuePart.addCache(s);
        }
        CacheQueuePart.addQueues(s);
        if (t.fleet() != null) {
            FleetPart.add(s);
        }
        FisRolePart.add(s);
        outputs(s);
        return s;
    }

    private static void outputs(Stack s) {
        Topology t = s.topology();
        if (t.loadBalancer() != null) {
            s.output("AlbDnsName", "the load balancer's DNS name (HTTP on port " + LoadBalancerPart.LISTENER_PORT + ")",
                    getAtt(LogicalIds.ALB, "DNSName"));
        }
        if (t.database() != null) {
            s.output("DbWriterAddress", "the primary's endpoint address", getAtt(LogicalIds.DB_PRIMARY,
                    "Endpoint.Address"));
            s.output("DbWriterPort", "the primary's endpoint port", getAtt(LogicalIds.DB_PRIMARY, "Endpoint.Port"));
            for (int i = 1; i <= t.database().replicas(); i++) {
                s.output("DbReader" + i + "Address", "read replica " + i + "'s endpoint address",
                        getAtt(LogicalIds.replica(i), "Endpoint.Address"));
            }
        }
        for (Queue q : t.queues()) {
            s.output(LogicalIds.queue(q.name()) + "Url", "URL of queue " + q.name(), ref(LogicalIds.queue(q.name())));
        }
        if (t.fleet() != null) {
            s.output("AsgName", "the fleet's Auto Scaling group", ref(LogicalIds.fleet(t.fleet().name(), "Asg")));
        }
        s.output("RunId", "the run id every resource is tagged with (" + AwsTags.RUN_ID + ")",
                Cfn.F.textNode(s.runId()));
    }

    private static String description(Topology t, String runId) {
        StringBuilder b = new StringBuilder("firedrill topology '" + t.name() + "', run " + runId + ": VPC over "
                + String.join(", ", t.vpc().azs()));
        Subnet nat = t.vpc().subnets().stream().filter(Subnet::isPublic).findFirst().orElse(null);
        if (nat != null && t.vpc().azs().size() > 1) {
            b.append("; one NAT gateway, in ").append(nat.name()).append(": an outage of ").append(nat.az())
                    .append(" cuts the other AZs' egress too");
        }
        b.append(". Delete the stack to tear everything down; nothing is kept.");
        return b.toString();
    }

    private static ObjectNode metadata(Topology t, String runId, String scenario) {
        ObjectNode m = Cfn.obj();
        ObjectNode f = m.putObject("firedrill");
        f.put("runId", runId).put("topology", t.name()).put("region", t.region());
        if (scenario != null) {
            f.put("scenario", scenario);
        }
        f.put("generator", "dev.firedrill.harness.backend.aws.AwsTemplate");
        return m;
    }
}
