package dev.firedrill.harness.topology;

import java.util.List;

/** The VPC: a CIDR block, its availability zones and its subnets. */
public record Vpc(String cidr, List<String> azs, List<Subnet> subnets) {
    public Vpc {
        azs = List.copyOf(azs);
        subnets = List.copyOf(subnets);
    }

    /** The subnet with this name, or null. */
    public Subnet subnet(String name) {
        return subnets.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }
}
