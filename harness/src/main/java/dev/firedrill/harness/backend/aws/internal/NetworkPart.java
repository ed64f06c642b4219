package dev.firedrill.harness.backend.aws.internal;

import static dev.firedrill.harness.backend.aws.internal.Cfn.getAtt;
import static dev.firedrill.harness.backend.aws.internal.Cfn.ref;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.harness.TopologyException;
import dev.firedrill.harness.topology.Subnet;
import dev.firedrill.harness.topology.Vpc;
import java.util.List;

/**
 * The VPC as the topology draws it: DNS support and hostnames on (RDS and ElastiCache endpoints are DNS names),
 * one subnet per topology subnet in its AZ (public ones map public IPs), an internet gateway for the public
 * subnets and one NAT gateway, in the first public subnet, for the private ones.
 *
 * <p>One NAT gateway is the cheap choice ($0.045/h each) and a single point of failure: an outage of its AZ cuts
 * every other AZ's egress too (SQS, SSM, package downloads), which the template's description says. A NAT
 * gateway per AZ would need a private route table per AZ.
 */
public final class NetworkPart {
    private NetworkPart() {
    }

    public static void add(Stack s) {
        Vpc vpc = s.topology().vpc();
        ObjectNode v = s.add(LogicalIds.VPC, "AWS::EC2::VPC");
        v.put("CidrBlock", vpc.cidr()).put("EnableDnsSupport", true).put("EnableDnsHostnames", true);
        v.set("Tags", s.tags("vpc"));
        for (Subnet sub : vpc.subnets()) {
            ObjectNode p = s.add(LogicalIds.subnet(sub.name()), "AWS::EC2::Subnet");
            p.set("VpcId", ref(LogicalIds.VPC));
            p.put("CidrBlock", sub.cidr()).put("AvailabilityZone", sub.az());
            if (sub.isPublic()) {
                p.put("MapPublicIpOnLaunch", true);
            }
            p.set("Tags", s.tags(sub.name()));
        }
        List<Subnet> publics = vpc.subnets().stream().filter(Subnet::isPublic).toList();
        List<Subnet> privates = vpc.subnets().stream().filter(x -> !x.isPublic()).toList();
        if (publics.isEmpty()) {
            if (!privates.isEmpty()) {
                throw new TopologyException("vpc.subnets", "the aws target needs a public subnet for the NAT gateway: "
                        + "the private subnets' instances download a JRE and reach SQS and SSM through it; add one, "
                        + "e.g. {name: public-a, az: " + privates.get(0).az() + ", cidr: ..., public: true}");
            }
            return;
        }
        ObjectNode igw = s.add(LogicalIds.IGW, "AWS::EC2::InternetGateway");
        igw.set("Tags", s.tags("igw"));
        ObjectNode att = s.add(LogicalIds.IGW_ATTACHMENT, "AWS::EC2::VPCGatewayAttachment");
        att.set("VpcId", ref(LogicalIds.VPC));
        att.set("InternetGatewayId", ref(LogicalIds.IGW));

        String publicRoutes = routeTable(s, LogicalIds.ROUTES_PUBLIC, "public");
        ObjectNode toIgw = s.add("RoutePublicDefault", "AWS::EC2::Route");
        toIgw.set("RouteTableId", ref(publicRoutes));
        toIgw.put("DestinationCidrBlock", "0.0.0.0/0");
        toIgw.set("GatewayId", ref(LogicalIds.IGW));
        s.dependsOn("RoutePublicDefault", LogicalIds.IGW_ATTACHMENT);
        publics.forEach(sub -> associate(s, sub, publicRoutes));

        if (privates.isEmpty()) {
            return;
        }
        Subnet nat = s.natSubnet();
        ObjectNode eip = s.add(LogicalIds.NAT_EIP, "AWS::EC2::EIP");
        eip.put("Domain", "vpc");
        eip.set("Tags", s.tags("nat"));
        // an EIP in a VPC needs the gateway attached first (AWS::EC2::EIP docs, "DependsOn attribute")
        s.dependsOn(LogicalIds.NAT_EIP, LogicalIds.IGW_ATTACHMENT);
        ObjectNode ngw = s.add(LogicalIds.NAT, "AWS::EC2::NatGateway");
        ngw.set("AllocationId", getAtt(LogicalIds.NAT_EIP, "AllocationId"));
        ngw.set("SubnetId", ref(LogicalIds.subnet(nat.name())));
        ngw.set("Tags", s.tags("nat"));

        String privateRoutes = routeTable(s, LogicalIds.ROUTES_PRIVATE, "private");
        ObjectNode toNat = s.add("RoutePrivateDefault", "AWS::EC2::Route");
        toNat.set("RouteTableId", ref(privateRoutes));
        toNat.put("DestinationCidrBlock", "0.0.0.0/0");
        toNat.set("NatGatewayId", ref(LogicalIds.NAT));
        privates.forEach(sub -> associate(s, sub, privateRoutes));
    }

    private static String routeTable(Stack s, String id, String what) {
        ObjectNode rt = s.add(id, "AWS::EC2::RouteTable");
        rt.set("VpcId", ref(LogicalIds.VPC));
        rt.set("Tags", s.tags(what + "-routes"));
        return id;
    }

    private static void associate(Stack s, Subnet sub, String routeTable) {
        ObjectNode a = s.add(LogicalIds.subnet(sub.name()) + "Routes", "AWS::EC2::SubnetRouteTableAssociation");
        a.set("SubnetId", ref(LogicalIds.subnet(sub.name())));
        a.set("RouteTableId", ref(routeTable));
    }
}
