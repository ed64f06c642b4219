package dev.firedrill.harness.topology;

/**
 * An inbound rule of a security group: traffic to {@code port} is allowed from members of the
 * security group {@code sourceGroup}, or from addresses in {@code cidr}. Exactly one source is set.
 */
public record IngressRule(int port, String sourceGroup, String cidr) {
    public static IngressRule fromGroup(int port, String group) {
        return new IngressRule(port, group, null);
    }

    public static IngressRule fromCidr(int port, String cidr) {
        return new IngressRule(port, null, cidr);
    }

    public String describe() {
        return "port " + port + " from " + (sourceGroup != null ? "security group " + sourceGroup : cidr);
    }
}
