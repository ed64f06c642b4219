package dev.firedrill.harness.backend.aws.internal;

import dev.firedrill.harness.topology.IngressRule;
import java.util.Locale;

/**
 * The template's logical ids, derived from the topology's names so they are deterministic and readable:
 * subnet {@code private-a} is {@code SubnetPrivateA}, security group {@code app-sg} is {@code SgApp}, queue
 * {@code jobs-dlq} is {@code QueueJobsDlq}, the fleet {@code app} gives {@code AppAsg}. Topology names are
 * lower-case letters, digits and '-' (the validator's rule), so every id is alphanumeric as CloudFormation wants.
 */
public final class LogicalIds {
    public static final String VPC = "Vpc";
    public static final String IGW = "InternetGateway";
    public static final String IGW_ATTACHMENT = "InternetGatewayAttachment";
    public static final String NAT_EIP = "NatEip";
    public static final String NAT = "NatGateway";
    public static final String ROUTES_PUBLIC = "RouteTablePublic";
    public static final String ROUTES_PRIVATE = "RouteTablePrivate";
    public static final String ALB = "Alb";
    public static final String TARGET_GROUP = "AlbTargetGroup";
    public static final String LISTENER = "AlbListenerHttp";
    public static final String ALARM_5XX = "AlbAlarm5xx";
    public static final String DB_SUBNETS = "DbSubnetGroup";
    public static final String DB_PRIMARY = "DbPrimary";
    public static final String DB_PARAMS_PRIMARY = "DbParamsPrimary";
    public static final String CACHE_SUBNETS = "CacheSubnetGroup";
    public static final String CACHE = "CacheReplicationGroup";
    public static final String FIS_ROLE = "FisRole";
    public static final String IMAGE_ID = "ImageId";
    public static final String INSTANCE_TYPE = "InstanceType";
    public static final String APP_ARTIFACT_URL = "AppArtifactUrl";

    private LogicalIds() {
    }

    public static String subnet(String name) {
        return "Subnet" + pascal(name);
    }

    /** {@code app-sg} → {@code SgApp}; a name without the {@code -sg} suffix keeps all of it. */
    public static String securityGroup(String name) {
        String bare = name.endsWith("-sg") ? name.substring(0, name.length() - 3)
                : name.startsWith("sg-") ? name.substring(3) : name;
        return "Sg" + pascal(bare.isEmpty() ? name : bare);
    }

    /** {@code SgDbIngress5432FromSgApp}, {@code SgAlbIngress80FromAnywhere}, {@code SgAlbIngress80From10x0x0x0s8}. */
    public static String ingress(String group, IngressRule r) {
        String from;
        if (r.sourceGroup() != null) {
            from = securityGroup(r.sourceGroup());
        } else if ("0.0.0.0/0".equals(r.cidr())) {
            from = "Anywhere";
        } else {
            from = r.cidr().replace('.', 'x').replace("/", "s");
        }
        return securityGroup(group) + "Ingress" + r.port() + "From" + from;
    }

    public static String queue(String name) {
        return "Queue" + pascal(name);
    }

    public static String replica(int oneBased) {
        return "DbReplica" + oneBased;
    }

    public static String replicaParams(int oneBased) {
        return "DbParamsReplica" + oneBased;
    }

    /** A fleet's resources: {@code fleet("app", "Asg")} is {@code AppAsg}. */
    public static String fleet(String fleetName, String what) {
        return pascal(fleetName) + what;
    }

    /** The experiment template of fault step {@code index} (0-based): {@code FisStep1AzOutage}. */
    public static String experiment(int index, String kind) {
        return "FisStep" + (index + 1) + pascal(kind);
    }

    /** {@code private-a} → {@code PrivateA}, {@code jobs_dlq} → {@code JobsDlq}. */
    public static String pascal(String name) {
        StringBuilder b = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                b.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return b.toString();
    }
}
