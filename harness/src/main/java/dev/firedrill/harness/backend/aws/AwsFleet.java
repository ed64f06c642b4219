package dev.firedrill.harness.backend.aws;

import dev.firedrill.harness.topology.ComponentKind;
import dev.firedrill.harness.topology.ComponentSpec;
import dev.firedrill.harness.topology.Topology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;

/**
 * The fleet's EC2 instances under the topology's names: the Auto Scaling group's in-service instances are matched
 * to {@code app-1..app-n} AZ by AZ, in instance-id order, so a scenario's {@code kill app-2} and a report's
 * target names mean the same instance for as long as it lives. An instance the group launched as a replacement
 * takes the name of the one it replaced.
 */
final class AwsFleet {
    private final AwsClients aws;
    private final Topology topology;
    private final String asgName;
    /** name → instance id, as last resolved. */
    private volatile Map<String, String> byName = Map.of();

    AwsFleet(AwsClients aws, Topology topology, String asgName) {
        this.aws = aws;
        this.topology = topology;
        this.asgName = asgName;
    }

    String asgName() {
        return asgName;
    }

    /** The group's in-service instances (id → AZ), in id order; empty when the group is gone. */
    List<Instance> inService() {
        if (asgName == null) {
            return List.of();
        }
        List<AutoScalingGroup> groups = aws.asg().describeAutoScalingGroups(b -> b.autoScalingGroupNames(asgName))
                .autoScalingGroups();
        if (groups.isEmpty()) {
            return List.of();
        }
        return groups.get(0).instances().stream().filter(i -> "InService".equals(i.lifecycleStateAsString()))
                .sorted(Comparator.comparing(Instance::instanceId)).toList();
    }

    /** Name → instance id of every app instance that is in service now; keeps names stable across calls. */
    synchronized Map<String, String> resolve() {
        List<Instance> live = inService();
        Map<String, String> next = new LinkedHashMap<>();
        List<Instance> free = new ArrayList<>(live);
        // names keep their instance while it lives
        for (Map.Entry<String, String> e : byName.entrySet()) {
            free.stream().filter(i -> i.instanceId().equals(e.getValue())).findFirst().ifPresent(i -> {
                next.put(e.getKey(), i.instanceId());
                free.remove(i);
            });
        }
        for (ComponentSpec c : apps()) {
            if (next.containsKey(c.name())) {
                continue;
            }
            Instance pick = free.stream().filter(i -> i.availabilityZone().equals(c.az())).findFirst()
                    .orElse(free.isEmpty() ? null : free.get(0));
            if (pick != null) {
                next.put(c.name(), pick.instanceId());
                free.remove(pick);
            }
        }
        byName = Map.copyOf(next);
        Map<String, String> ordered = new LinkedHashMap<>();
        for (ComponentSpec c : apps()) {
            if (next.containsKey(c.name())) {
                ordered.put(c.name(), next.get(c.name()));
            }
        }
        return ordered;
    }

    /** The topology's name for {@code instanceId}, or the id itself for an instance not matched (yet). */
    String nameOf(String instanceId) {
        return byName.entrySet().stream().filter(e -> e.getValue().equals(instanceId)).map(Map.Entry::getKey)
                .findFirst().orElse(instanceId);
    }

    List<ComponentSpec> apps() {
        return topology.components().stream().filter(c -> c.kind() == ComponentKind.APP_INSTANCE).toList();
    }
}
