package dev.firedrill.harness.backend.aws.internal;

import static dev.firedrill.harness.backend.aws.internal.Cfn.getAtt;
import static dev.firedrill.harness.backend.aws.internal.Cfn.ref;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.topology.IngressRule;
import dev.firedrill.harness.topology.SecurityGroup;
import java.util.HashMap;
import java.util.Map;

/**
 * One security group per topology security group and each of its ingress rules as a separate
 * {@code AWS::EC2::SecurityGroupIngress}, exactly the topology's rules (TCP, one port): groups that reference each
 * other (db-sg allows app-sg, app-sg allows alb-sg) then delete cleanly, where inline rules fail with
 * {@code DependencyViolation} (../shared/AWS.md, "CloudFormation notes"). Egress stays AWS's default, all allowed.
 */
public final class SecurityPart {
    private SecurityPart() {
    }

    public static void add(Stack s) {
        Map<String, String> idToName = new HashMap<>();
        for (SecurityGroup g : s.topology().securityGroups()) {
            String id = LogicalIds.securityGroup(g.name());
            String clash = idToName.put(id, g.name());
            if (clash != null) {
                throw new TopologyException("securityGroups", "'" + clash + "' and '" + g.name()
                        + "' both become the template's logical id " + id + "; rename one of them");
            }
            ObjectNode p = s.add(id, "AWS::EC2::SecurityGroup");
            p.put("GroupDescription", "firedrill " + s.topology().name() + " " + g.name());
            p.set("VpcId", ref(LogicalIds.VPC));
            p.set("Tags", s.tags(g.name()));
        }
        for (SecurityGroup g : s.topology().securityGroups()) {
            for (IngressRule r : g.ingress()) {
                String id = LogicalIds.ingress(g.name(), r);
                if (s.has(id)) {
                    continue; // the same rule twice: AWS would refuse the duplicate too
                }
                ObjectNode p = s.add(id, "AWS::EC2::SecurityGroupIngress");
                p.set("GroupId", getAtt(LogicalIds.securityGroup(g.name()), "GroupId"));
                p.put("IpProtocol", "tcp").put("FromPort", r.port()).put("ToPort", r.port());
                if (r.sourceGroup() != null) {
                    p.set("SourceSecurityGroupId", getAtt(LogicalIds.securityGroup(r.sourceGroup()), "GroupId"));
                } else {
                    p.put("CidrIp", r.cidr());
                }
                p.put("Description", r.describe());
            }
        }
    }
}
