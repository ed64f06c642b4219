package dev.firedrill.harness.backend.aws.internal;

import static dev.firedrill.harness.backend.aws.internal.Cfn.arr;
import static dev.firedrill.harness.backend.aws.internal.Cfn.getAtt;
import static dev.firedrill.harness.backend.aws.internal.Cfn.obj;
import static dev.firedrill.harness.backend.aws.internal.Cfn.ref;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.backend.aws.AwsTags;
import dev.firedrill.harness.topology.Fleet;
import dev.firedrill.harness.topology.Queue;
import java.util.ArrayList;
import java.util.List;

/**
 * The fleet: an instance role and profile, a launch template (image and type are parameters) and an Auto Scaling
 * group over the fleet's subnets holding exactly the topology's count, replacing instances the load balancer finds
 * unhealthy. The group's {@code CreationPolicy} waits for one {@code cfn-signal} per instance, sent by the user data
 * once the app answers its health check ({@link UserData}), so {@code CREATE_COMPLETE} means a serving fleet, not
 * just launched instances. The role carries what the app and the user data call: the run's queues, the
 * primary's description and its RDS-managed secret, the cache's description; {@code cfn-signal} needs no
 * permission (CloudFormation accepts signals from the stack's own instances).
 *
 * <p>The ASG spreads the instances over its subnets' AZs itself (with 3 over 2 AZs, which AZ gets two is its
 * choice), where the embedded backend alternates them in order: per-AZ counts can differ from the topology's
 * component list.
 */
public final class FleetPart {
    /**
     * Seconds a new instance gets before ELB health counts: the EC2 Auto Scaling User Guide's default for
     * {@code HealthCheckGracePeriod} ("Set the health check grace period", 300 s), enough for the JRE install and
     * app start.
     */
    public static final int HEALTH_CHECK_GRACE_SECONDS = 300;
    /** The Amazon Linux 2023 AMI, through SSM's public parameter (resolved at stack creation). */
    public static final String DEFAULT_IMAGE_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
    /** The cheapest burstable x86 type that runs a JVM app: $0.0104/h (../shared/AWS.md). */
    public static final String DEFAULT_INSTANCE_TYPE = "t3.micro";
    /**
     * How long the stack waits for the instances' signals: boot, JRE install and jar download (a few minutes), then
     * up to {@link UserData#HEALTH_WAIT_SECONDS} for the app's health check.
     */
    public static final String SIGNAL_TIMEOUT = "PT15M";

    private FleetPart() {
    }

    public static void add(Stack s) {
        Fleet f = s.topology().fleet();
        s.parameter(LogicalIds.IMAGE_ID, "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
                "AMI of the app instances (bash, dnf, curl, python3 and the AWS CLI are expected: Amazon Linux 2023)")
                .put("Default", DEFAULT_IMAGE_PARAMETER);
        s.parameter(LogicalIds.INSTANCE_TYPE, "String", "EC2 instance type of the app instances")
                .put("Default", DEFAULT_INSTANCE_TYPE);
        if (f.app().isReferenceApp()) {
            s.parameter(LogicalIds.APP_ARTIFACT_URL, "String", "HTTPS URL of the reference app's jar (e.g. a "
                    + "presigned S3 URL of app-under-test/target/firedrill-app-under-test.jar)")
                    .put("AllowedPattern", "https://.+")
                    .put("ConstraintDescription", "an https:// URL the instances can download the jar from");
        }

        String role = LogicalIds.fleet(f.name(), "Role");
        ObjectNode r = s.add(role, "AWS::IAM::Role");
        r.set("AssumeRolePolicyDocument", Cfn.policy(List.of(obj().put("Effect", "Allow")
                .<ObjectNode>set("Principal", obj().put("Service", "ec2.amazonaws.com"))
                .put("Action", "sts:AssumeRole"))));
        // SSM's agent needs it: FIS's aws:ssm:send-command faults (latency) run through it
        r.set("ManagedPolicyArns", arr(Cfn.managedPolicy("AmazonSSMManagedInstanceCore")));
        List<ObjectNode> statements = appStatements(s);
        if (!statements.isEmpty()) {
            r.set("Policies", arr(obj().put("PolicyName", "firedrill-app").set("PolicyDocument",
                    Cfn.policy(statements))));
        }
        r.set("Tags", s.tags(f.name() + "-role"));
        String profile = LogicalIds.fleet(f.name(), "InstanceProfile");
        s.add(profile, "AWS::IAM::InstanceProfile").set("Roles", arr(ref(role)));

        String lt = LogicalIds.fleet(f.name(), "LaunchTemplate");
        ObjectNode data = obj();
        data.set("ImageId", ref(LogicalIds.IMAGE_ID));
        data.set("InstanceType", ref(LogicalIds.INSTANCE_TYPE));
        data.set("IamInstanceProfile", obj().set("Arn", getAtt(profile, "Arn")));
        data.set("SecurityGroupIds", arr(getAtt(LogicalIds.securityGroup(f.securityGroup()), "GroupId")));
        data.set("MetadataOptions", obj().put("HttpTokens", "required").put("HttpEndpoint", "enabled"));
        data.set("UserData", Cfn.base64(UserData.script(s.topology(), s.runId())));
        // instances get their tags from the ASG (PropagateAtLaunch); their volumes get them here
        data.set("TagSpecifications", arr(obj().put("ResourceType", "volume").set("Tags", s.tags(f.name()))));
        ObjectNode ltp = s.add(lt, "AWS::EC2::LaunchTemplate");
        ltp.set("LaunchTemplateData", data);
        ltp.set("TagSpecifications", arr(obj().put("ResourceType", "launch-template")
                .set("Tags", s.tags(f.name() + "-launch-template"))));

        String asg = LogicalIds.fleet(f.name(), "Asg");
        ObjectNode g = s.add(asg, "AWS::AutoScaling::AutoScalingGroup");
        String count = String.valueOf(f.count());
        var scaling = f.autoScaling();
        // the group's bounds and health checks as the topology gives them (its scaling policy is not mapped yet)
        g.put("MinSize", scaling == null ? count : String.valueOf(scaling.min()))
                .put("MaxSize", scaling == null ? count : String.valueOf(scaling.max())).put("DesiredCapacity", count);
        g.set("LaunchTemplate", obj().<ObjectNode>set("LaunchTemplateId", ref(lt))
                .set("Version", getAtt(lt, "LatestVersionNumber")));
        g.set("VPCZoneIdentifier", Cfn.list(f.subnets().stream().map(n -> ref(LogicalIds.subnet(n))).toList()));
        if (s.topology().loadBalancer() != null) {
            g.set("TargetGroupARNs", arr(ref(LogicalIds.TARGET_GROUP)));
        }
        if (scaling != null) {
            g.put("HealthCheckType", scaling.healthCheckType().name());
            // AWS needs the grace period for the JRE install and the app's start: never below the default here
            g.put("HealthCheckGracePeriod", Math.max(HEALTH_CHECK_GRACE_SECONDS,
                    (int) scaling.healthCheckGracePeriod().toSeconds()));
            g.put("Cooldown", String.valueOf(scaling.defaultCooldown().toSeconds()));
        } else {
            g.put("HealthCheckType", s.topology().loadBalancer() != null ? "ELB" : "EC2");
            g.put("HealthCheckGracePeriod", HEALTH_CHECK_GRACE_SECONDS);
        }
        g.set("Tags", asgTags(s, f));
        s.resource(asg).set("CreationPolicy", obj().set("ResourceSignal", obj().put("Count", f.count())
                .put("Timeout", SIGNAL_TIMEOUT)));
        List<String> before = new ArrayList<>();
        if (s.has("RoutePrivateDefault")) {
            before.add("RoutePrivateDefault"); // the instances download a JRE through the NAT gateway at boot
        }
        if (s.has(LogicalIds.CACHE)) {
            before.add(LogicalIds.CACHE); // and look the cache's endpoint up
        }
        if (!before.isEmpty()) {
            s.dependsOn(asg, before.toArray(String[]::new));
        }
    }

    /** The run's tags plus the fleet's component tag, each propagated to the instances (FIS selects them by tag). */
    private static ArrayNode asgTags(Stack s, Fleet f) {
        ArrayNode tags = s.tags(f.name());
        tags.add(Cfn.tag(AwsTags.COMPONENT, f.name()));
        tags.forEach(t -> ((ObjectNode) t).put("PropagateAtLaunch", true));
        return tags;
    }

    /** What the app itself calls: its queues, and the database's RDS-managed secret once at boot. */
    private static List<ObjectNode> appStatements(Stack s) {
        List<ObjectNode> out = new ArrayList<>();
        List<Queue> queues = s.topology().queues();
        if (!queues.isEmpty()) {
            List<JsonNode> arns = queues.stream().map(q -> (JsonNode) getAtt(LogicalIds.queue(q.name()), "Arn"))
                    .toList();
            out.add(Cfn.allow(List.of("sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage",
                    "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"), Cfn.list(arns)));
        }
        if (s.topology().database() != null) {
            String db = "arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:db:${" + LogicalIds.DB_PRIMARY + "}";
            out.add(Cfn.allow(List.of("rds:DescribeDBInstances"), Cfn.sub(db)));
            // RDS names its managed secrets rds!db-<id> and tags them with the instance's ARN
            ObjectNode secret = Cfn.allow(List.of("secretsmanager:GetSecretValue"), Cfn.sub(
                    "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:rds!db-*"));
            secret.set("Condition", obj().set("StringEquals", obj().set(
                    "secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn", Cfn.sub(db))));
            out.add(secret);
        }
        if (s.topology().cache() != null) {
            out.add(Cfn.allow(List.of("elasticache:DescribeReplicationGroups"), Cfn.sub("arn:${AWS::Partition}:"
                    + "elasticache:${AWS::Region}:${AWS::AccountId}:replicationgroup:"
                    + CacheQueuePart.replicationGroupId(s.runId()))));
        }
        return out;
    }
}
