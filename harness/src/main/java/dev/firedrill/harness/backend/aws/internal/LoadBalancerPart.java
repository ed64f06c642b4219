package dev.firedrill.harness.backend.aws.internal;

import static dev.firedrill.harness.backend.aws.internal.Cfn.arr;
import static dev.firedrill.harness.backend.aws.internal.Cfn.getAtt;
import static dev.firedrill.harness.backend.aws.internal.Cfn.obj;
import static dev.firedrill.harness.backend.aws.internal.Cfn.ref;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.topology.HealthCheck;
import dev.firedrill.harness.topology.LoadBalancer;

/**
 * The Application Load Balancer (internet-facing, in the topology's load-balancer subnets and security group), its
 * target group carrying the topology's health check, deregistration delay and algorithm, an HTTP listener on port
 * 80, and the CloudWatch alarm every FIS experiment stops on.
 *
 * <p>Every health-check setting is written out, never left to CloudFormation's defaults: those differ from the
 * console's (the HTTP timeout defaults to 6 s in CloudFormation, 5 s in the ELB User Guide's table; ../shared/AWS.md,
 * "CloudFormation notes"), and the template must say what the topology says.
 */
public final class LoadBalancerPart {
    /** The listener clients reach: plain HTTP on 80 (no certificate in a rehearsal stack). */
    public static final int LISTENER_PORT = 80;
    /**
     * The stop condition: the share of requests the ALB itself answered with a 5xx (no healthy target, target
     * timeouts, resets), per minute. A drill's faults cause short spikes by design (instance-loss: up to a third
     * of the requests for up to 2 × 30 s), so the alarm fires on customer impact well beyond any built-in
     * scenario's expectation: at least {@value}% for {@link #ALARM_MINUTES} minutes in a row. Alarm on what
     * customers see, not on the metric the fault perturbs (../shared/AWS.md, "Safety patterns").
     */
    public static final int ALARM_5XX_PERCENT = 50;
    public static final int ALARM_MINUTES = 3;

    private LoadBalancerPart() {
    }

    /**
     * The stop-condition alarm's name, fixed by the run id so the harness watches it by name (moto does not
     * create alarms through CloudFormation, so it cannot be read from the stack's resources there).
     */
    public static String alarmName(String runId) {
        return "firedrill-" + runId + "-alb-5xx";
    }

    public static void add(Stack s) {
        LoadBalancer lb = s.topology().loadBalancer();
        String path = "loadBalancer";
        ObjectNode alb = s.add(LogicalIds.ALB, "AWS::ElasticLoadBalancingV2::LoadBalancer");
        alb.put("Type", "application").put("Scheme", "internet-facing").put("IpAddressType", "ipv4");
        alb.set("Subnets", Cfn.list(lb.subnets().stream().map(n -> ref(LogicalIds.subnet(n))).toList()));
        alb.set("SecurityGroups", arr(getAtt(LogicalIds.securityGroup(lb.securityGroup()), "GroupId")));
        alb.set("LoadBalancerAttributes", arr(attribute("idle_timeout.timeout_seconds",
                Stack.seconds(path + ".idleTimeout", lb.idleTimeout()))));
        alb.set("Tags", s.tags(lb.name()));

        HealthCheck hc = lb.healthCheck();
        String hcPath = path + ".targetGroup.healthCheck";
        ObjectNode tg = s.add(LogicalIds.TARGET_GROUP, "AWS::ElasticLoadBalancingV2::TargetGroup");
        tg.put("TargetType", "instance").put("Protocol", "HTTP").put("Port", lb.targetPort());
        tg.set("VpcId", ref(LogicalIds.VPC));
        tg.put("HealthCheckEnabled", true).put("HealthCheckProtocol", "HTTP").put("HealthCheckPort", "traffic-port");
        tg.put("HealthCheckPath", hc.path());
        tg.put("HealthCheckIntervalSeconds", Stack.seconds(hcPath + ".interval", hc.interval()));
        tg.put("HealthCheckTimeoutSeconds", Stack.seconds(hcPath + ".timeout", hc.timeout()));
        tg.put("HealthyThresholdCount", hc.healthyThreshold());
        tg.put("UnhealthyThresholdCount", hc.unhealthyThreshold());
        tg.set("Matcher", obj().put("HttpCode", hc.matcher().replace(" ", "")));
        tg.set("TargetGroupAttributes", arr(
                attribute("deregistration_delay.timeout_seconds",
                        Stack.seconds(path + ".targetGroup.deregistrationDelay", lb.deregistrationDelay())),
                attribute("load_balancing.algorithm.type", lb.algorithm().id())));
        tg.set("Tags", s.tags(lb.name() + "-targets"));

        ObjectNode listener = s.add(LogicalIds.LISTENER, "AWS::ElasticLoadBalancingV2::Listener");
        listener.set("LoadBalancerArn", ref(LogicalIds.ALB));
        listener.put("Port", LISTENER_PORT).put("Protocol", "HTTP");
        listener.set("DefaultActions", arr(obj().put("Type", "forward").set("TargetGroupArn",
                ref(LogicalIds.TARGET_GROUP))));

        alarm(s, lb);
    }

    private static void alarm(Stack s, LoadBalancer lb) {
        ObjectNode a = s.add(LogicalIds.ALARM_5XX, "AWS::CloudWatch::Alarm");
        a.put("AlarmName", alarmName(s.runId()));
        a.put("AlarmDescription", "firedrill stop condition: the ALB answered at least " + ALARM_5XX_PERCENT
                + "% of requests with a 5xx for " + ALARM_MINUTES + " minutes in a row (run " + s.runId() + ")");
        ArrayNode metrics = Cfn.F.arrayNode();
        metrics.add(albMetric("errors", "HTTPCode_ELB_5XX_Count"));
        metrics.add(albMetric("requests", "RequestCount"));
        metrics.add(obj().put("Id", "share").put("Expression", "100 * FILL(errors, 0) / FILL(requests, 1)")
                .put("Label", "ELB 5xx share of requests (%)").put("ReturnData", true));
        a.set("Metrics", metrics);
        a.put("ComparisonOperator", "GreaterThanOrEqualToThreshold").put("Threshold", ALARM_5XX_PERCENT)
                .put("EvaluationPeriods", ALARM_MINUTES).put("DatapointsToAlarm", ALARM_MINUTES)
                .put("TreatMissingData", "notBreaching");
        a.set("Tags", s.tags(lb.name() + "-5xx"));
    }

    private static ObjectNode albMetric(String id, String name) {
        ObjectNode dim = obj().put("Name", "LoadBalancer");
        dim.set("Value", getAtt(LogicalIds.ALB, "LoadBalancerFullName"));
        ObjectNode metric = obj().put("Namespace", "AWS/ApplicationELB").put("MetricName", name);
        metric.set("Dimensions", arr(dim));
        ObjectNode stat = obj();
        stat.set("Metric", metric);
        stat.put("Period", 60).put("Stat", "Sum");
        ObjectNode m = obj().put("Id", id);
        m.set("MetricStat", stat);
        m.put("ReturnData", false);
        return m;
    }

    private static ObjectNode attribute(String key, Object value) {
        return obj().put("Key", key).put("Value", String.valueOf(value));
    }
}
