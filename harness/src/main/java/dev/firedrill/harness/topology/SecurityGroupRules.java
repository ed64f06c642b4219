package dev.firedrill.harness.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates security groups for an edge of the topology, the way AWS does: traffic to a target is
 * allowed when one ingress rule of the target's group names the target's port and either the
 * source's security group or a CIDR that holds the source's private address.
 */
public final class SecurityGroupRules {
    private final Topology topology;
    private final Map<String, String> privateIps = new HashMap<>();

    public SecurityGroupRules(Topology topology) {
        this.topology = topology;
        Map<String, Integer> perSubnet = new HashMap<>();
        for (ComponentSpec c : topology.components()) {
            String subnet = c.subnet();
            if (subnet == null && c.kind() == ComponentKind.LOAD_BALANCER) {
                subnet = topology.loadBalancer().subnets().get(0);
            }
            Subnet s = subnet == null ? null : topology.vpc().subnet(subnet);
            if (s != null) {
                int n = perSubnet.merge(s.name(), 1, Integer::sum);
                privateIps.put(c.name(), Cidr.parse(s.cidr()).host(n));
            }
        }
    }

    /** The simulated private IPv4 address of a component in its subnet, or null (regional services). */
    public String privateIp(String component) {
        return privateIps.get(component);
    }

    /**
     * Empty when the edge {@code source → target} is allowed; otherwise a description of the missing
     * rule, e.g. {@code "db-sg has no ingress rule for port 5432 from app-sg (10.0.10.4)"}.
     */
    public Optional<String> missingRule(ComponentSpec source, ComponentSpec target) {
        if (target.securityGroup() == null) {
            return Optional.empty(); // regional AWS service (SQS): reached over HTTPS, no security group
        }
        SecurityGroup sg = topology.securityGroup(target.securityGroup());
        String ip = privateIp(source.name());
        List<IngressRule> rules = sg == null ? List.of() : sg.ingress();
        for (IngressRule r : rules) {
            if (r.port() != target.port()) {
                continue;
            }
            if (r.sourceGroup() != null && r.sourceGroup().equals(source.securityGroup())) {
                return Optional.empty();
            }
            if (r.cidr() != null && ip != null && Cidr.parse(r.cidr()).contains(ip)) {
                return Optional.empty();
            }
        }
        return Optional.of(target.securityGroup() + " has no ingress rule for port " + target.port() + " from "
                + (source.securityGroup() != null ? source.securityGroup() : "?") + (ip != null ? " (" + ip + ")" : "")
                + "; add one to let " + source.name() + " reach " + target.name());
    }

    /**
     * Edges the security groups deny that a deployment can still start with (app → cache, ALB → app):
     * connections on them time out, as on AWS. One line per missing rule.
     */
    public static List<String> warnings(Topology t) {
        SecurityGroupRules rules = new SecurityGroupRules(t);
        List<String> out = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (ComponentSpec from : t.components()) {
            for (ComponentSpec to : t.components()) {
                boolean appToCache = from.kind() == ComponentKind.APP_INSTANCE && to.kind() == ComponentKind.CACHE;
                boolean albToApp = from.kind() == ComponentKind.LOAD_BALANCER && to.kind() == ComponentKind.APP_INSTANCE;
                if (appToCache || albToApp) {
                    rules.missingRule(from, to).filter(r -> reported.add(from.securityGroup() + ">" + to.securityGroup()))
                            .ifPresent(r -> out.add("security groups deny " + from.name() + " → " + to.name()
                                    + " (connections will time out): " + r));
                }
            }
        }
        return out;
    }

}
