package dev.firedrill.harness.backend.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.backend.aws.AwsTags;
import dev.firedrill.harness.topology.Subnet;
import dev.firedrill.harness.topology.Topology;
import java.time.Duration;
import java.util.List;

/**
 * The template being written: its sections, the topology and run id it is for, and the tags every taggable
 * resource gets ({@link AwsTags}). Each part ({@code NetworkPart}, {@code DatabasePart}, ...) adds its resources
 * here; nothing is written to disk.
 */
public final class Stack {
    private final Topology topology;
    private final String runId;
    private final ObjectNode template = Cfn.obj();
    private final ObjectNode parameters = Cfn.obj();
    private final ObjectNode resources = Cfn.obj();
    private final ObjectNode outputs = Cfn.obj();

    public Stack(Topology topology, String runId) {
        this.topology = topology;
        this.runId = runId;
        template.put("AWSTemplateFormatVersion", "2010-09-09");
    }

    public Topology topology() {
        return topology;
    }

    public String runId() {
        return runId;
    }

    /** Adds a resource and returns its {@code Properties}; a second resource with the same id is a bug. */
    public ObjectNode add(String logicalId, String type) {
        if (resources.has(logicalId)) {
            throw new IllegalStateException("logical id " + logicalId + " used twice");
        }
        ObjectNode r = resources.putObject(logicalId);
        r.put("Type", type);
        return r.putObject("Properties");
    }

    public boolean has(String logicalId) {
        return resources.has(logicalId);
    }

    /** The whole resource ({@code Type}, {@code Properties}, policies), to set attributes such as {@code DependsOn}. */
    public ObjectNode resource(String logicalId) {
        return (ObjectNode) resources.get(logicalId);
    }

    /** {@code DeletionPolicy} and {@code UpdateReplacePolicy} {@code Delete}: nothing kept or snapshotted. */
    public void deleteOnTeardown(String logicalId) {
        resource(logicalId).put("DeletionPolicy", "Delete").put("UpdateReplacePolicy", "Delete");
    }

    public void dependsOn(String logicalId, String... on) {
        resource(logicalId).set("DependsOn", Cfn.strings(List.of(on)));
    }

    public ObjectNode parameter(String name, String type, String description) {
        ObjectNode p = parameters.putObject(name);
        p.put("Type", type).put("Description", description);
        return p;
    }

    public void output(String name, String description, JsonNode value) {
        ObjectNode o = outputs.putObject(name);
        o.put("Description", description);
        o.set("Value", value);
    }

    /** The run's tags plus a {@code Name}: {@code <topology>-<what>}. */
    public ArrayNode tags(String what) {
        return Cfn.arr(Cfn.tag(AwsTags.RUN_ID, runId), Cfn.tag(AwsTags.TOPOLOGY, topology.name()),
                Cfn.tag("Name", topology.name() + "-" + what));
    }

    /** The run's tags as a map, the form {@code AWS::FIS::ExperimentTemplate} takes. */
    public ObjectNode tagMap(String what) {
        return Cfn.obj().put(AwsTags.RUN_ID, runId).put(AwsTags.TOPOLOGY, topology.name())
                .put("Name", topology.name() + "-" + what);
    }

    public Subnet subnet(String name) {
        return topology.vpc().subnet(name);
    }

    /** The first public subnet in the topology's order: where the NAT gateway goes. */
    public Subnet natSubnet() {
        return topology.vpc().subnets().stream().filter(Subnet::isPublic).findFirst().orElse(null);
    }

    /** {@code d} in whole seconds, as AWS takes it; a fraction is an error naming the field. */
    public static int seconds(String path, Duration d) {
        if (d.toNanos() % 1_000_000_000L != 0) {
            throw new TopologyException(path, "AWS takes whole seconds (got " + d.toMillis() + " ms); round it");
        }
        return Math.toIntExact(d.getSeconds());
    }

    /** The finished template, sections in CloudFormation's usual order. */
    public ObjectNode template(String description, ObjectNode metadata) {
        template.put("Description", description);
        template.set("Metadata", metadata);
        if (!parameters.isEmpty()) {
            template.set("Parameters", parameters);
        }
        template.set("Resources", resources);
        if (!outputs.isEmpty()) {
            template.set("Outputs", outputs);
        }
        return template;
    }
}
