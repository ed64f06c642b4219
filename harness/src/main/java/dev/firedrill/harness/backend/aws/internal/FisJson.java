package dev.firedrill.harness.backend.aws.internal;

import static dev.firedrill.harness.backend.aws.internal.Cfn.arr;
import static dev.firedrill.harness.backend.aws.internal.Cfn.getAtt;
import static dev.firedrill.harness.backend.aws.internal.Cfn.obj;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.backend.aws.AwsTags;
import dev.firedrill.harness.topology.Topology;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The pieces of an {@code AWS::FIS::ExperimentTemplate}, in CloudFormation's spelling (PascalCase; the FIS API's
 * JSON uses camelCase): targets by tag, by ARN, with filters; actions with parameters; durations.
 */
public final class FisJson {
    /** FIS action durations: one minute to 12 hours (FIS User Guide, "Actions reference"; ../shared/AWS.md). */
    public static final Duration MIN = Duration.ofMinutes(1);
    public static final Duration MAX = Duration.ofHours(12);

    private FisJson() {
    }

    /** {@code d} rounded up to whole minutes, at least {@link #MIN}; null when it exceeds {@link #MAX}. */
    public static Duration roundUp(Duration d) {
        long minutes = Math.max(1, (d.toSeconds() + 59) / 60);
        Duration r = Duration.ofMinutes(minutes);
        return r.compareTo(MAX) > 0 ? null : r;
    }

    /** ISO-8601, as FIS writes it: {@code PT1M}, {@code PT1H30M}. */
    public static String iso(Duration d) {
        return d.toString();
    }

    /** The fleet's running instances, by the tags the Auto Scaling group propagates, optionally in one AZ. */
    public static ObjectNode instances(Topology t, String runId, String selectionMode, String az) {
        ObjectNode target = obj().put("ResourceType", "aws:ec2:instance");
        target.set("ResourceTags", obj().put(AwsTags.RUN_ID, runId).put(AwsTags.COMPONENT, t.fleet().name()));
        ObjectNode running = obj().put("Path", "State.Name");
        running.set("Values", arr(Cfn.F.textNode("running")));
        if (az == null) {
            target.set("Filters", arr(running));
        } else {
            ObjectNode inAz = obj().put("Path", "Placement.AvailabilityZone");
            inAz.set("Values", arr(Cfn.F.textNode(az)));
            target.set("Filters", arr(running, inAz));
        }
        return target.put("SelectionMode", selectionMode);
    }

    /** The fleet's Auto Scaling group, by its tags. */
    public static ObjectNode autoScalingGroup(Topology t, String runId) {
        ObjectNode target = obj().put("ResourceType", "aws:ec2:autoscaling-group");
        target.set("ResourceTags", obj().put(AwsTags.RUN_ID, runId).put(AwsTags.COMPONENT, t.fleet().name()));
        return target.put("SelectionMode", "ALL");
    }

    /** Subnets by ARN (built from their ids: a subnet has no ARN attribute). */
    public static ObjectNode subnets(Collection<String> names) {
        ObjectNode target = obj().put("ResourceType", "aws:ec2:subnet");
        target.set("ResourceArns", Cfn.list(names.stream().map(n -> Cfn.sub(
                "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:subnet/${" + LogicalIds.subnet(n) + "}"))
                .toList()));
        return target.put("SelectionMode", "ALL");
    }

    /**
     * The primary DB instance, by its tags; with {@code az}, only while it is in that AZ (a target parameter).
     * Tags rather than its ARN: FIS's own AZ power-interruption scenario selects DB instances by tags and AZ.
     */
    public static ObjectNode dbPrimary(Topology t, String runId, String az) {
        ObjectNode target = obj().put("ResourceType", "aws:rds:db");
        target.set("ResourceTags", obj().put(AwsTags.RUN_ID, runId).put(AwsTags.COMPONENT,
                DatabasePart.primaryComponent(t.database())));
        if (az != null) {
            target.set("Parameters", obj().put("availabilityZoneIdentifiers", az));
        }
        return target.put("SelectionMode", "ALL");
    }

    /** An action on one target; {@code parameters} values are strings or intrinsics ({@code Fn::Sub}). */
    public static ObjectNode action(String actionId, String description, String targetKey, String targetName,
            ObjectNode parameters) {
        ObjectNode a = obj().put("ActionId", actionId).put("Description", description);
        if (parameters != null && !parameters.isEmpty()) {
            a.set("Parameters", parameters);
        }
        a.set("Targets", obj().put(targetKey, targetName));
        return a;
    }

    /** The experiment template's properties around its targets and actions. */
    public static ObjectNode experiment(Stack s, String description, ObjectNode targets, ObjectNode actions,
            String tagName) {
        ObjectNode p = obj().put("Description", description.length() > 512 ? description.substring(0, 511) + "…"
                : description);
        p.set("RoleArn", getAtt(LogicalIds.FIS_ROLE, "Arn"));
        JsonNode stop = s.topology().loadBalancer() == null ? obj().put("Source", "none")
                : obj().put("Source", "aws:cloudwatch:alarm").set("Value", getAtt(LogicalIds.ALARM_5XX, "Arn"));
        p.set("StopConditions", arr(stop));
        p.set("Targets", targets);
        p.set("Actions", actions);
        p.set("ExperimentOptions", obj().put("AccountTargeting", "single-account")
                .put("EmptyTargetResolutionMode", "fail"));
        p.set("Tags", s.tagMap(tagName));
        return p;
    }

    /** The names of {@code list} joined for messages: {@code a, b and c}. */
    public static String and(List<String> list) {
        if (list.size() <= 1) {
            return String.join("", list);
        }
        return String.join(", ", list.subList(0, list.size() - 1)) + " and " + list.get(list.size() - 1);
    }
}
